#include "midlink/workflow/point_spec.hpp"

#include <charconv>

#include "midlink/core/error.hpp"
#include "midlink/io/csv_line.hpp"

namespace midlink::workflow {

PointSpec parse_point_spec(const std::string& text, const std::string& option) {
    PointSpec spec;
    if (text.rfind("node:", 0) == 0) {
        NodeKey key = 0;
        const auto* b = text.data() + 5;
        const auto* e = text.data() + text.size();
        auto [p, ec] = std::from_chars(b, e, key);
        if (ec != std::errc() || p != e) throw ConfigError(option + ": '" + text + "' is not node:<integer id>");
        spec.node = key;
        return spec;
    }
    const auto comma = text.find(',');
    if (comma == std::string::npos) throw ConfigError(option + ": expected X,Y or node:ID, got '" + text + "'");
    const auto x = io::parse_number(text.substr(0, comma));
    const auto y = io::parse_number(text.substr(comma + 1));
    if (!x || !y) throw ConfigError(option + ": expected two finite numbers X,Y, got '" + text + "'");
    spec.xy = Point{*x, *y};
    return spec;
}

}  // namespace midlink::workflow
