// apply_supplied_points: representative points given by the user (population-weighted
// centroids, say) keyed by area code, reported on both sides when they do not match.
#include <unordered_map>

#include "midlink/io/feature_readers.hpp"

namespace midlink::io {

void apply_supplied_points(std::vector<AreaFeature>& areas, const std::vector<PointFeature>& points,
                           Diagnostics& diagnostics) {
    std::unordered_map<std::string, std::size_t> by_id;
    by_id.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!by_id.emplace(points[i].id, i).second) {
            diagnostics.add("duplicate_origin_point", "point row " + std::to_string(points[i].row),
                            "origin point '" + points[i].id + "' appears again; the first is used");
        }
    }
    std::unordered_map<std::string, bool> area_ids;
    area_ids.reserve(areas.size());
    for (auto& area : areas) {
        area_ids.emplace(area.id, true);
        const auto it = by_id.find(area.id);
        if (it == by_id.end()) {
            diagnostics.add("area_without_supplied_point", "area " + area.id,
                            "no origin point with this code; the point on surface is kept");
            continue;
        }
        area.representative = points[it->second].xy;
        area.representative_kind = RepresentativePoint::Supplied;
    }
    // A national centroid table against a region's areas leaves most points unused: past a
    // handful, one summary line says so without burying the area-side problems.
    constexpr std::size_t kListed = 20;
    std::size_t unmatched = 0;
    std::string examples;
    for (const auto& point : points) {
        if (area_ids.contains(point.id)) continue;
        if (++unmatched <= kListed) {
            diagnostics.add("unmatched_origin_point", "point row " + std::to_string(point.row),
                            "origin point '" + point.id + "' matches no area code");
        } else if (unmatched <= kListed + 5) {
            examples += (examples.empty() ? "" : ", ") + point.id;
        }
    }
    if (unmatched > kListed) {
        diagnostics.add("unmatched_origin_points_more", "origin points",
                        std::to_string(unmatched - kListed) + " more origin points match no area code (e.g. " + examples + ")",
                        Severity::Info);
    }
}

}  // namespace midlink::io
