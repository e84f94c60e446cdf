#include "area_levels.hpp"

#include <cctype>
#include <filesystem>

namespace midlink::workflow {

std::string level_name_from_path(const std::string& path) {
    std::string stem = std::filesystem::path(path).stem().string();
    if (stem.rfind("derived-", 0) == 0) stem = stem.substr(8);
    for (auto& c : stem) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return stem;
}

std::vector<std::string> field_codes(const std::vector<AreaFeature>& areas, const std::string& field) {
    std::vector<std::string> codes;
    codes.reserve(areas.size());
    for (const auto& a : areas) {
        const auto* code = a.attribute(field);
        codes.push_back(code ? *code : std::string());
    }
    return codes;
}

std::vector<AreaFeature> code_areas(const std::vector<std::string>& codes) {
    std::vector<AreaFeature> areas(codes.size());
    for (std::size_t a = 0; a < codes.size(); ++a) areas[a].id = codes[a];
    return areas;
}

}  // namespace midlink::workflow
