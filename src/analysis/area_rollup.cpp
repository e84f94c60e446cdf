#include "midlink/analysis/area_rollup.hpp"

#include <map>

namespace midlink::analysis {

CodeGroups group_by_code(const std::vector<std::string>& fine_codes) {
    std::map<std::string, std::int64_t> index;  // ordered: groups come out in code order
    for (const auto& code : fine_codes) {
        if (!code.empty()) index.emplace(code, 0);
    }
    CodeGroups g;
    for (auto& [code, i] : index) {
        i = static_cast<std::int64_t>(g.codes.size());
        g.codes.push_back(code);
    }
    g.group_of.reserve(fine_codes.size());
    for (const auto& code : fine_codes) g.group_of.push_back(code.empty() ? -1 : index.at(code));
    return g;
}

std::vector<std::int64_t> match_codes(const std::vector<std::string>& fine_codes,
                                      const std::vector<std::string>& coarse_codes) {
    std::map<std::string, std::int64_t> index;
    for (std::size_t a = 0; a < coarse_codes.size(); ++a) index.emplace(coarse_codes[a], static_cast<std::int64_t>(a));
    std::vector<std::int64_t> out;
    out.reserve(fine_codes.size());
    for (const auto& code : fine_codes) {
        const auto it = code.empty() ? index.end() : index.find(code);
        out.push_back(it == index.end() ? -1 : it->second);
    }
    return out;
}

std::size_t groups_reached(const std::vector<std::int64_t>& group_of, std::size_t groups) {
    std::vector<bool> reached(groups, false);
    std::size_t n = 0;
    for (const auto g : group_of) {
        if (g < 0 || reached[static_cast<std::size_t>(g)]) continue;
        reached[static_cast<std::size_t>(g)] = true;
        ++n;
    }
    return n;
}

}  // namespace midlink::analysis
