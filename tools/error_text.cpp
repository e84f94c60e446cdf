#include "error_text.hpp"

#include <string_view>

namespace midlink::cli {

std::string parse_error_text(const CLI::ParseError& e) {
    std::string text = e.what();
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (text.rfind(": ", 0) == 0) text.erase(0, 2);  // a hidden option's empty name
    if (text.empty()) text = e.get_name();
    return text + " (see --help)";
}

std::string filesystem_error_text(const std::filesystem::filesystem_error& e) {
    // libstdc++: "filesystem error: <operation>: <reason> [<path1>] [<path2>]".
    std::string_view what = e.what();
    constexpr std::string_view kPrefix = "filesystem error: ";
    if (what.substr(0, kPrefix.size()) == kPrefix) what.remove_prefix(kPrefix.size());
    const std::string reason = e.code().message();
    const auto cut = what.find(": " + reason);
    const std::string operation(what.substr(0, cut));
    std::string out;
    if (!e.path1().empty()) out += e.path1().string() + ": ";
    out += operation;
    if (cut != std::string_view::npos) out += ": " + reason;
    if (!e.path2().empty()) out += " (and " + e.path2().string() + ")";
    return out;
}

}  // namespace midlink::cli
