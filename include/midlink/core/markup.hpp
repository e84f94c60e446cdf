#pragma once
// Text made safe inside XML and HTML, in element content and quoted attributes alike: the
// report's pages and the QGIS styles (QML, SLD) the GeoPackage writer stores.
#include <string>
#include <string_view>

namespace midlink {

inline std::string markup_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace midlink
