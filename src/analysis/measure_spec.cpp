#include "midlink/analysis/measure_spec.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "midlink/core/error.hpp"

namespace midlink::analysis {
namespace {
std::vector<double> parse_times(const std::string& text, const std::string& item) {
    std::vector<double> times;
    std::stringstream ss(text);
    for (std::string t; std::getline(ss, t, '|');) {
        try {
            std::size_t used = 0;
            const double v = std::stod(t, &used);
            if (used != t.size() || !(v > 0)) throw std::invalid_argument(t);
            times.push_back(v);
        } catch (const std::exception&) {
            throw ConfigError("measure '" + item + "': '" + t + "' is not a positive number of minutes");
        }
    }
    if (times.empty()) throw ConfigError("measure '" + item + "': give times in minutes, e.g. 15|30|45");
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    return times;
}
}  // namespace

std::vector<Measure> parse_measures(const std::string& spec) {
    std::vector<Measure> out;
    std::stringstream ss(spec);
    for (std::string item; std::getline(ss, item, ',');) {
        if (item.empty()) continue;
        Measure m;
        m.text = item;
        const auto colon = item.find(':');
        const std::string head = item.substr(0, colon);
        const std::string rest = colon == std::string::npos ? "" : item.substr(colon + 1);
        if (head == "nearest" && rest.empty()) {
            m.kind = MeasureKind::Nearest;
        } else if (head == "nth") {
            m.kind = MeasureKind::Nth;
            try {
                std::size_t used = 0;
                m.n = std::stoi(rest, &used);
                if (used != rest.size() || m.n < 1) throw std::invalid_argument(rest);
            } catch (const std::exception&) {
                throw ConfigError("measure '" + item + "': nth needs a positive whole number, e.g. nth:3");
            }
        } else if (head == "cumulative") {
            m.kind = MeasureKind::Cumulative;
            m.times_min = parse_times(rest, item);
        } else if (head == "jts") {
            m.kind = MeasureKind::Jts;
            m.times_min = parse_times(rest, item);
        } else if (head == "hansen" || head == "hansen_passive") {
            m.kind = head == "hansen" ? MeasureKind::Hansen : MeasureKind::HansenPassive;
            m.decay = parse_decay(rest);
        } else if (head == "2sfca") {
            m.kind = MeasureKind::Fca2s;
            // "2sfca:30" is the original binary catchment; "2sfca:exp:0.08:max=60" a kernel.
            if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) {
                m.decay = parse_decay("bin:" + rest);
            } else {
                m.decay = parse_decay(rest);
            }
        } else if (head == "bfca" || head == "bfca_supply") {
            m.kind = head == "bfca" ? MeasureKind::Bfca : MeasureKind::BfcaSupply;
            if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) {
                m.decay = parse_decay("bin:" + rest);
            } else {
                m.decay = parse_decay(rest);
            }
        } else {
            throw ConfigError("unknown measure '" + item +
                              "' (known: nearest, nth:N, cumulative:T|T, jts:T|T, hansen:DECAY, "
                              "hansen_passive:DECAY, 2sfca:T or 2sfca:DECAY, bfca:DECAY, bfca_supply:DECAY)");
        }
        out.push_back(m);
    }
    if (out.empty()) throw ConfigError("--measures is empty");
    return out;
}

double search_limit_min(const std::vector<Measure>& measures, double unbounded_min) {
    double limit = 0.0;
    for (const auto& m : measures) {
        switch (m.kind) {
            case MeasureKind::Nearest:
            case MeasureKind::Nth: limit = std::max(limit, unbounded_min); break;
            case MeasureKind::Cumulative:
            case MeasureKind::Jts: limit = std::max(limit, m.times_min.back()); break;
            default: {
                const double reach = m.decay.reach_min();
                limit = std::max(limit, std::isfinite(reach) ? reach : unbounded_min);
            }
        }
    }
    return limit;
}

std::string column_token(double v) {
    std::ostringstream s;
    s << v;
    std::string t = s.str();
    std::replace(t.begin(), t.end(), '.', 'p');
    std::replace(t.begin(), t.end(), '-', 'm');
    return t;
}

}  // namespace midlink::analysis
