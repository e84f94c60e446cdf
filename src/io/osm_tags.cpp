// Parsers for single OSM tag values (maxspeed, lengths, weights, oneway, access).
#include "midlink/io/osm_tags.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <initializer_list>

namespace midlink::io {
namespace {

constexpr double kKmhPerMph = 1.609344;
constexpr double kKmhPerKnot = 1.852;
constexpr double kMetresPerFoot = 0.3048;
constexpr double kMetresPerInch = 0.0254;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> options) {
    for (const auto option : options) {
        if (iequals(value, option)) return true;
    }
    return false;
}

void skip_spaces(std::string_view& s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
}

std::string_view trim(std::string_view s) {
    skip_spaces(s);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

/// Consumes a non-negative decimal number ("7", "7.5", "4,2") at the front of `s`.
/// A decimal comma is accepted because it is common in European tagging.
std::optional<double> take_number(std::string_view& s) {
    std::array<char, 32> digits{};
    std::size_t n = 0;
    bool seen_point = false;
    while (n < s.size() && n < digits.size()) {
        const char c = s[n];
        if (is_digit(c)) {
            digits[n] = c;
        } else if ((c == '.' || c == ',') && !seen_point && n > 0 && n + 1 < s.size() &&
                   is_digit(s[n + 1])) {
            digits[n] = '.';
            seen_point = true;
        } else {
            break;
        }
        ++n;
    }
    if (n == 0) return std::nullopt;
    double value = 0.0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + n, value);
    if (ec != std::errc{} || end != digits.data() + n) return std::nullopt;
    s.remove_prefix(n);
    return value;
}

/// Consumes a unit after optional spaces: a word ("mph", "km/h", "ft"), or a foot/inch
/// mark (', ", or '' which some mappers use for inches).
std::string_view take_unit(std::string_view& s) {
    skip_spaces(s);
    std::size_t n = 0;
    if (!s.empty() && s.front() == '\'') {
        n = s.size() > 1 && s[1] == '\'' ? 2 : 1;
    } else if (!s.empty() && s.front() == '"') {
        n = 1;
    } else {
        while (n < s.size() && (std::isalpha(static_cast<unsigned char>(s[n])) || s[n] == '/')) ++n;
    }
    const std::string_view unit = s.substr(0, n);
    s.remove_prefix(n);
    skip_spaces(s);
    return unit;
}

bool means_no_limit(std::string_view value) {
    return is_one_of(value, {"none", "default", "unsigned", "no", "no_sign"});
}

}  // namespace

SpeedLimit parse_maxspeed(std::string_view value) {
    std::string_view s = trim(value);
    SpeedLimit limit;
    const auto colon = s.find(':');
    if (colon != std::string_view::npos) {
        const std::string_view country = s.substr(0, colon);
        const std::string_view zone = s.substr(colon + 1);
        if (!iequals(country, "GB") && !iequals(country, "UK")) return limit;
        if (iequals(zone, "nsl_single")) limit.kind = SpeedLimit::Kind::NationalSingle;
        if (iequals(zone, "nsl_dual")) limit.kind = SpeedLimit::Kind::NationalDual;
        if (iequals(zone, "motorway")) limit.kind = SpeedLimit::Kind::Motorway;
        if (iequals(zone, "nsl_restricted")) {  // a "restricted road" (street lights): 30 mph
            limit.kind = SpeedLimit::Kind::Numeric;
            limit.kmh = 30 * kKmhPerMph;
        }
        return limit;
    }
    const auto number = take_number(s);
    if (!number || *number <= 0.0) return limit;
    const std::string_view unit = take_unit(s);
    double factor = 0.0;
    if (unit.empty() || is_one_of(unit, {"km/h", "kmh", "kph"})) factor = 1.0;
    if (is_one_of(unit, {"mph"})) factor = kKmhPerMph;
    if (is_one_of(unit, {"knots"})) factor = kKmhPerKnot;
    if (factor == 0.0 || !s.empty()) return limit;
    limit.kind = SpeedLimit::Kind::Numeric;
    limit.kmh = *number * factor;
    return limit;
}

bool is_symbolic_maxspeed(std::string_view value) {
    return is_one_of(trim(value), {"none", "signals", "walk", "variable", "implicit"});
}

std::optional<double> parse_length_m(std::string_view value) {
    std::string_view s = trim(value);
    if (means_no_limit(s)) return kUnknown;
    // Accepted shapes: metric alone ("4.2 m", "420 cm"), or feet with optional inches
    // ("14'6\"", "14 ft 6 in", "14'6"), or inches alone.
    enum class Seen { Nothing, Metric, Feet, Inches } seen = Seen::Nothing;
    double total_m = 0.0;
    while (!s.empty()) {
        if (seen == Seen::Metric || seen == Seen::Inches) return std::nullopt;
        const auto number = take_number(s);
        if (!number) return std::nullopt;
        const std::string_view unit = take_unit(s);
        if (unit.empty() && seen == Seen::Feet) {  // "14'6": the trailing number is inches
            total_m += *number * kMetresPerInch;
            seen = Seen::Inches;
        } else if (seen == Seen::Nothing &&
                   (unit.empty() || is_one_of(unit, {"m", "metre", "metres", "meter", "meters"}))) {
            total_m += *number;
            seen = Seen::Metric;
        } else if (seen == Seen::Nothing && is_one_of(unit, {"cm"})) {
            total_m += *number * 0.01;
            seen = Seen::Metric;
        } else if (seen == Seen::Nothing && is_one_of(unit, {"'", "ft", "feet", "foot"})) {
            total_m += *number * kMetresPerFoot;
            seen = Seen::Feet;
        } else if (seen != Seen::Metric && is_one_of(unit, {"\"", "''", "in", "inch", "inches"})) {
            total_m += *number * kMetresPerInch;
            seen = Seen::Inches;
        } else {
            return std::nullopt;
        }
    }
    if (seen == Seen::Nothing || total_m <= 0.0) return std::nullopt;
    return total_m;
}

std::optional<double> parse_weight_t(std::string_view value) {
    std::string_view s = trim(value);
    if (means_no_limit(s)) return kUnknown;
    const auto number = take_number(s);
    if (!number || *number <= 0.0) return std::nullopt;
    const std::string_view unit = take_unit(s);
    if (!s.empty()) return std::nullopt;
    if (unit.empty() || is_one_of(unit, {"t", "tonne", "tonnes"})) return *number;
    if (is_one_of(unit, {"kg"})) return *number / 1000.0;
    return std::nullopt;
}

std::optional<Oneway> parse_oneway(std::string_view value) {
    const std::string_view s = trim(value);
    if (is_one_of(s, {"yes", "true", "1"})) return Oneway::Forward;
    if (is_one_of(s, {"-1", "reverse"})) return Oneway::Backward;
    if (is_one_of(s, {"no", "false", "0"})) return Oneway::No;
    return std::nullopt;
}

Access parse_access(std::string_view value) {
    const std::string_view s = trim(value);
    if (is_one_of(s, {"yes", "permissive", "designated"})) return Access::Yes;
    // Farm and forest roads are closed to general traffic, which is what "no" means here.
    if (is_one_of(s, {"no", "agricultural", "forestry", "agricultural;forestry"}))
        return Access::No;
    if (is_one_of(s, {"destination", "delivery"})) return Access::Destination;
    if (is_one_of(s, {"private", "customers", "permit"})) return Access::Private;
    return Access::Unknown;
}

std::optional<RoadClass> routable_highway(std::string_view highway, bool with_paths) {
    if (highway == "road") return RoadClass::Unknown;  // unknown classification, still a road
    const auto road_class = parse_road_class(highway);
    // parse_road_class also knows midlink's own names, which are not OSM highway values.
    if (!road_class || *road_class == RoadClass::Connector || *road_class == RoadClass::Unknown) {
        return std::nullopt;
    }
    if (is_path_class(*road_class) && !with_paths) return std::nullopt;
    return road_class;
}

}  // namespace midlink::io
