#include "tntp_units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

namespace midlink::io::detail {
namespace {

struct UnitChoice {
    double factor;
    const char* name;
};
constexpr std::array<UnitChoice, 3> kLengthUnits = {
    {{1000.0, "km"}, {1609.344, "miles"}, {0.3048, "feet"}}};
constexpr std::array<UnitChoice, 2> kTimeUnits = {{{3600.0, "hours"}, {60.0, "minutes"}}};
constexpr double kMinRoadKmh = 5.0;
constexpr double kMaxRoadKmh = 150.0;
constexpr double kConsistencyTolerance = 0.05;

std::optional<double> median(std::vector<double> v) {
    if (v.empty()) return std::nullopt;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

const char* length_name(double factor) {
    for (const auto& u : kLengthUnits) {
        if (u.factor == factor) return u.name;
    }
    return "?";
}

}  // namespace

TntpUnits infer_tntp_units(const std::vector<TntpUnitSample>& samples, bool have_coordinates,
                           const std::string& where, Diagnostics& diagnostics) {
    std::vector<double> straight_ratio;  // metres of straight line per length unit
    std::vector<double> length_per_time;
    std::vector<double> consistency;     // length / (speed * free_flow_time)
    for (const auto& s : samples) {
        if (s.length > 0 && s.straight_m > 0) straight_ratio.push_back(s.straight_m / s.length);
        if (s.length > 0 && s.free_flow_time > 0) length_per_time.push_back(s.length / s.free_flow_time);
        if (s.length > 0 && s.speed > 0 && s.free_flow_time > 0) {
            consistency.push_back(s.length / (s.speed * s.free_flow_time));
        }
    }
    const auto ratio = median(straight_ratio);
    const auto rate = median(length_per_time);
    const auto consistent = median(consistency);
    const bool speed_matches_time = consistent && std::abs(*consistent - 1.0) <= kConsistencyTolerance;
    const auto implied_kmh = [&](double metres_per_length, double seconds_per_time) {
        return *rate * metres_per_length / 1000.0 * 3600.0 / seconds_per_time;
    };
    const auto plausible = [&](double l, double t) {
        const double kmh = implied_kmh(l, t);
        return kmh >= kMinRoadKmh && kmh <= kMaxRoadKmh;
    };

    TntpUnits units;
    std::string length_why;
    if (have_coordinates && ratio) {
        double best = kLengthUnits[0].factor;
        for (const auto& u : kLengthUnits) {
            if (std::abs(std::log(*ratio / u.factor)) < std::abs(std::log(*ratio / best))) best = u.factor;
        }
        units.metres_per_length = best;
        length_why = "median straight-line distance per length unit is " + fmt(*ratio) + " m";
    }

    bool time_chosen = false;
    if (rate) {
        std::vector<std::pair<double, double>> pairs;  // plausible (length, time) factors
        for (const auto& l : kLengthUnits) {
            if (!length_why.empty() && l.factor != units.metres_per_length) continue;
            for (const auto& t : kTimeUnits) {
                if (plausible(l.factor, t.factor)) pairs.emplace_back(l.factor, t.factor);
            }
        }
        const auto km = std::find_if(pairs.begin(), pairs.end(), [](auto p) { return p.first == 1000.0; });
        if (pairs.size() == 1 || (!pairs.empty() && !length_why.empty())) {
            units.metres_per_length = pairs.front().first;
            units.seconds_per_time = pairs.front().second;
            time_chosen = true;
            if (length_why.empty()) length_why = "no node coordinates; the only unit pair giving road speeds";
        } else if (km != pairs.end()) {
            units.seconds_per_time = km->second;
            time_chosen = true;
        }
        if (time_chosen) {
            diagnostics.add("tntp_time_unit", where,
                            std::string("free_flow_time read in ") +
                                (units.seconds_per_time == 3600.0 ? "hours" : "minutes") +
                                ": median implied speed is " +
                                fmt(implied_kmh(units.metres_per_length, units.seconds_per_time)) + " km/h",
                            Severity::Info);
        }
    }
    if (length_why.empty()) length_why = "no node coordinates to check against; km assumed";
    diagnostics.add("tntp_length_unit", where,
                    std::string("length read in ") + length_name(units.metres_per_length) + " (" +
                        length_why + ")",
                    Severity::Info);
    if (!time_chosen) {
        units.seconds_per_time = speed_matches_time ? 3600.0 : 60.0;
        diagnostics.add("tntp_time_unit", where,
                        std::string("free_flow_time read in ") +
                            (speed_matches_time ? "hours (length/speed matches it)"
                                                : "minutes (length/speed does not match it as hours)") +
                            "; no unit gives plausible road speeds",
                        rate ? Severity::Warning : Severity::Info);
    }

    if (speed_matches_time) {
        units.kmh_per_speed = units.metres_per_length / 1000.0 * 3600.0 / units.seconds_per_time;
        diagnostics.add("tntp_speed_unit", where,
                        std::string("speed read in ") + length_name(units.metres_per_length) + " per " +
                            (units.seconds_per_time == 3600.0 ? "hour" : "minute") +
                            " (length/speed matches free_flow_time)",
                        Severity::Info);
    } else if (!consistency.empty()) {
        const bool metric = units.metres_per_length == 1000.0;
        units.kmh_per_speed = metric ? 1.0 : 1.609344;
        diagnostics.add("tntp_speed_unit", where,
                        std::string("speed does not match length/free_flow_time; read as ") +
                            (metric ? "km/h" : "mph"),
                        Severity::Info);
    }
    return units;
}

}  // namespace midlink::io::detail
