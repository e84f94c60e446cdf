#pragma once
// Field mapping presets for GDAL line layers: Geofabrik "free" shapefiles, OS Open Roads
// (shapefile/GML and GeoPackage layouts) and a generic mapping named by the user.
#include <ogrsf_frmts.h>

#include <map>
#include <string>

#include "endpoint_joiner.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/link_table.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {

enum class OgrPreset { Generic, Geofabrik, OsOpenRoads };

/// Field indices in the layer (-1 = absent) and how to read their values.
struct ResolvedMapping {
    OgrPreset preset = OgrPreset::Generic;
    bool with_paths = false;  // ReadOptions::with_paths
    int road_class = -1;
    int road_function = -1;  // OS Open Roads function/road_function
    int speed = -1;
    int oneway = -1;
    int ref = -1;
    int name = -1;
    int from_node = -1;
    int to_node = -1;
    int form_of_way = -1;
    int bridge = -1;
    int tunnel = -1;
    std::map<std::string, std::string> class_values;
    bool class_from_ref = false;

    [[nodiscard]] bool has_node_topology() const { return from_node >= 0 && to_node >= 0; }
};

std::string preset_name(OgrPreset preset);

/// Picks the preset (options.preset, or detected from field names for "auto") and applies
/// the user's field overrides. `where` names file and layer. Throws ConfigError for an
/// unknown preset, a missing mapped field (listing the available ones) or a bad class value.
ResolvedMapping resolve_mapping(OGRFeatureDefn& defn, const ReadOptions& options,
                                const std::string& where);

/// Fills the attribute part of `link` and the line's vertical structure. Returns false when
/// the feature is not a road for motor traffic (footway, cycleway, ...) and is skipped.
bool map_attributes(OGRFeature& feature, const ResolvedMapping& mapping, Link& link,
                    Structure& structure, Diagnostics& diagnostics, const std::string& where);

}  // namespace midlink::io
