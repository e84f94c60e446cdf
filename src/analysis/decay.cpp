#include "midlink/analysis/decay.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

#include "midlink/core/error.hpp"

namespace midlink::analysis {

double Decay::operator()(double c) const {
    if (!(c >= 0.0)) return 0.0;
    if (cutoff_min > 0.0 && c > cutoff_min) return 0.0;
    switch (kind) {
        case DecayKind::Binary: return c <= threshold_min ? 1.0 : 0.0;
        case DecayKind::Exponential: return std::exp(-beta * c);
        case DecayKind::Power: return std::pow(std::max(c, 1.0), -beta);
        case DecayKind::Linear: return std::max(0.0, 1.0 - c / threshold_min);
        case DecayKind::Logistic: return 1.0 / (1.0 + std::exp((c - threshold_min) / spread_min));
    }
    return 0.0;
}

double Decay::reach_min() const {
    double reach = std::numeric_limits<double>::infinity();
    if (kind == DecayKind::Binary || kind == DecayKind::Linear) reach = threshold_min;
    if (cutoff_min > 0.0) reach = std::min(reach, cutoff_min);
    return reach;
}

std::string Decay::spec() const {
    std::ostringstream s;
    switch (kind) {
        case DecayKind::Binary: s << "bin:" << threshold_min; break;
        case DecayKind::Exponential: s << "exp:" << beta; break;
        case DecayKind::Power: s << "pow:" << beta; break;
        case DecayKind::Linear: s << "lin:" << threshold_min; break;
        case DecayKind::Logistic: s << "logistic:" << threshold_min << ":" << spread_min; break;
    }
    if (cutoff_min > 0.0) s << ":max=" << cutoff_min;
    return s.str();
}

Decay parse_decay(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream ss(text);
    for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
    auto fail = [&](const std::string& why) -> Decay {
        throw ConfigError("decay '" + text + "': " + why +
                          " (expected exp:BETA, pow:BETA, lin:T, logistic:MEDIAN:SPREAD or bin:T, optionally :max=MINUTES)");
    };
    if (parts.size() < 2) return fail("missing parameter");
    Decay d;
    if (parts.back().rfind("max=", 0) == 0) {
        try {
            d.cutoff_min = std::stod(parts.back().substr(4));
        } catch (...) {
            return fail("bad max");
        }
        parts.pop_back();
    }
    std::vector<double> v;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        try {
            std::size_t used = 0;
            v.push_back(std::stod(parts[i], &used));
            if (used != parts[i].size()) return fail("'" + parts[i] + "' is not a number");
        } catch (const ConfigError&) {
            throw;
        } catch (...) {
            return fail("'" + parts[i] + "' is not a number");
        }
    }
    const std::string& k = parts[0];
    if (k == "exp" && v.size() == 1 && v[0] > 0) {
        d.kind = DecayKind::Exponential;
        d.beta = v[0];
    } else if ((k == "pow" || k == "power") && v.size() == 1 && v[0] > 0) {
        d.kind = DecayKind::Power;
        d.beta = v[0];
    } else if ((k == "lin" || k == "linear") && v.size() == 1 && v[0] > 0) {
        d.kind = DecayKind::Linear;
        d.threshold_min = v[0];
    } else if (k == "logistic" && v.size() == 2 && v[1] > 0) {
        d.kind = DecayKind::Logistic;
        d.threshold_min = v[0];
        d.spread_min = v[1];
    } else if ((k == "bin" || k == "binary") && v.size() == 1 && v[0] > 0) {
        d.kind = DecayKind::Binary;
        d.threshold_min = v[0];
    } else {
        return fail("unknown kind or wrong parameters");
    }
    return d;
}

}  // namespace midlink::analysis
