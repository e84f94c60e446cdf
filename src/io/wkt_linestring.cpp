#include "wkt_linestring.hpp"

#include <charconv>
#include <cmath>

#include "text_input.hpp"

namespace midlink::io::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void skip_spaces(std::string_view& s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
}

/// Consumes `word` (case-insensitive) when it is next.
bool take_word(std::string_view& s, std::string_view word) {
    skip_spaces(s);
    if (s.size() < word.size() || to_lower(s.substr(0, word.size())) != word) return false;
    s.remove_prefix(word.size());
    return true;
}

bool take_number(std::string_view& s, double& v) {
    skip_spaces(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || !std::isfinite(v)) return false;
    s.remove_prefix(static_cast<std::size_t>(end - s.data()));
    return true;
}

}  // namespace

std::optional<LineString> parse_wkt_linestring(std::string_view s) {
    if (!take_word(s, "linestring")) return std::nullopt;
    // Dimension tag: "Z", "M" or "ZM" before the coordinates.
    std::size_t extra = 0;
    if (take_word(s, "zm")) {
        extra = 2;
    } else if (take_word(s, "z") || take_word(s, "m")) {
        extra = 1;
    }
    LineString line;
    if (take_word(s, "empty")) {
        skip_spaces(s);
        return s.empty() ? std::optional<LineString>(line) : std::nullopt;
    }
    skip_spaces(s);
    if (s.empty() || s.front() != '(') return std::nullopt;
    s.remove_prefix(1);
    for (;;) {
        Point p;
        if (!take_number(s, p.x) || !take_number(s, p.y)) return std::nullopt;
        // Without a tag, a third ordinate is still allowed (PostGIS writes "LINESTRING(x y z)").
        double ignored = 0.0;
        for (std::size_t k = 0; k < extra; ++k) {
            if (!take_number(s, ignored)) return std::nullopt;
        }
        if (extra == 0) {
            std::string_view probe = s;
            skip_spaces(probe);
            if (!probe.empty() && probe.front() != ',' && probe.front() != ')') {
                if (!take_number(s, ignored)) return std::nullopt;
            }
        }
        line.push_back(p);
        skip_spaces(s);
        if (s.empty()) return std::nullopt;
        if (s.front() == ',') {
            s.remove_prefix(1);
            continue;
        }
        if (s.front() != ')') return std::nullopt;
        s.remove_prefix(1);
        break;
    }
    skip_spaces(s);
    if (!s.empty() || line.size() < 2) return std::nullopt;
    return line;
}

std::string format_number(double v) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

std::string format_wkt_linestring(const LineString& line) {
    if (line.empty()) return {};
    std::string out = "LINESTRING (";
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (i > 0) out += ", ";
        out += format_number(line[i].x);
        out += ' ';
        out += format_number(line[i].y);
    }
    out += ')';
    return out;
}

}  // namespace midlink::io::detail
