// GDAL line layers -> LinkTable: layer choice, CRS transform, per-feature validation,
// preset field mapping (ogr_presets) and node topology (node id fields or endpoint_joiner).
#include <cmath>
#include <filesystem>
#include <optional>

#include "endpoint_joiner.hpp"
#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/network_reader.hpp"
#include "ogr_presets.hpp"

namespace midlink::io {
namespace {

constexpr const char* kGeofabrikRoadsLayer = "gis_osm_roads_free_1";

bool is_line_type(OGRwkbGeometryType t) {
    const auto flat = wkbFlatten(t);
    return flat == wkbLineString || flat == wkbMultiLineString;
}

std::string describe_layers(const std::vector<OGRLayer*>& layers) {
    std::string out;
    for (auto* l : layers) out += (out.empty() ? "" : ", ") + std::string(l->GetName());
    return out.empty() ? "(none)" : out;
}

/// options.layer, else the only line layer, else the Geofabrik roads layer.
OGRLayer* choose_layer(GDALDataset& ds, const std::string& path, const std::string& wanted) {
    if (!wanted.empty()) {
        OGRLayer* layer = ds.GetLayerByName(wanted.c_str());
        if (!layer) {
            std::vector<OGRLayer*> all;
            for (auto* l : ds.GetLayers()) all.push_back(l);
            throw InputError(path + ": no layer '" + wanted + "'; layers: " + describe_layers(all));
        }
        return layer;
    }
    std::vector<OGRLayer*> lines;
    std::vector<OGRLayer*> untyped;  // GeoJSON and friends may declare no geometry type
    for (auto* l : ds.GetLayers()) {
        if (is_line_type(l->GetGeomType())) lines.push_back(l);
        if (wkbFlatten(l->GetGeomType()) == wkbUnknown) untyped.push_back(l);
    }
    if (lines.size() == 1) return lines.front();
    if (lines.empty() && untyped.size() == 1) return untyped.front();
    for (auto* l : lines) {
        if (std::string(l->GetName()) == kGeofabrikRoadsLayer) return l;
    }
    if (lines.empty()) throw InputError(path + ": has no line layer");
    throw InputError(path + ": has several line layers (" + describe_layers(lines) +
                     "); choose one with --layer");
}

bool is_geographic(const std::string& crs) {
    OGRSpatialReference srs;
    return srs.SetFromUserInput(crs.c_str()) == OGRERR_NONE && srs.IsGeographic();
}

double haversine_m(const Point& a, const Point& b) {
    constexpr double kEarthRadius_m = 6371008.8;
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    const double dlat = (b.y - a.y) * kRad;
    const double dlon = (b.x - a.x) * kRad;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.y * kRad) * std::cos(b.y * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2.0 * kEarthRadius_m * std::asin(std::min(1.0, std::sqrt(h)));
}

/// FNV-1a with a final mix: stable across runs and platforms, unlike std::hash.
NodeKey stable_node_key(const std::string& id) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : id) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return static_cast<NodeKey>(h & 0x7fffffffffffffffULL);
}

/// One line part in the working CRS with everything needed to make links from it.
struct RawLine {
    LineString geometry;
    Link attributes;  // from/to and geometry not yet set
    Structure structure = Structure::Ground;
    std::string from_node;  // node ids when the layer has topology fields
    std::string to_node;
};

class LayerReader {
public:
    LayerReader(std::string path, OGRLayer& layer, const ReadOptions& options, LinkTable& table)
        : m_path(std::move(path)), m_layer(layer), m_options(options), m_table(table) {
        m_layer_where = m_path + ", layer " + m_layer.GetName();
    }

    void read();

private:
    void open_transform();
    void read_feature(OGRFeature& feature);
    std::optional<LineString> convert_part(const OGRLineString& part, const std::string& where);
    void link_with_node_ids();
    void link_by_joining();
    void finish_link(Link link, LineString geometry);

    std::string m_path;
    OGRLayer& m_layer;
    const ReadOptions& m_options;
    LinkTable& m_table;
    std::string m_layer_where;
    std::optional<CrsTransform> m_transform;
    bool m_source_geographic = false;
    bool m_target_geographic = false;
    ResolvedMapping m_mapping;
    std::vector<RawLine> m_lines;
    std::int64_t m_features = 0;
    std::int64_t m_skipped_non_motor = 0;
};

void LayerReader::open_transform() {
    const OGRSpatialReference* srs = m_layer.GetSpatialRef();
    std::string source = gdal::crs_for_proj(srs);
    if (source.empty()) {
        if (m_options.assume_crs.empty()) {
            throw InputError(m_layer_where + " has no CRS; pass --assume-crs EPSG:xxxx");
        }
        source = normalise_crs(m_options.assume_crs);
        m_source_geographic = is_geographic(source);
    } else {
        m_source_geographic = srs->IsGeographic();
    }
    const std::string target = normalise_crs(m_options.target_crs);
    m_transform.emplace(source, target);
    m_target_geographic = is_geographic(target);
    m_table.crs = target;
}

std::optional<LineString> LayerReader::convert_part(const OGRLineString& part,
                                                    const std::string& where) {
    LineString out;
    out.reserve(static_cast<std::size_t>(part.getNumPoints()));
    for (int i = 0; i < part.getNumPoints(); ++i) {
        Point p{part.getX(i), part.getY(i)};
        const bool in_range = is_finite(p) && (!m_source_geographic ||
                                               (std::abs(p.x) <= 180.0 && std::abs(p.y) <= 90.0));
        if (!in_range || !m_transform->apply(p)) {
            m_table.diagnostics.add("invalid_coordinate", where,
                                    "coordinate " + std::to_string(i) + " (" + std::to_string(part.getX(i)) +
                                        ", " + std::to_string(part.getY(i)) +
                                        ") is not finite or out of range; feature skipped");
            return std::nullopt;
        }
        out.push_back(p);
    }
    return out;
}

void LayerReader::read_feature(OGRFeature& feature) {
    const std::string where = m_layer_where + ", feature " + std::to_string(feature.GetFID());
    Link attributes;
    Structure structure = Structure::Ground;
    if (!map_attributes(feature, m_mapping, attributes, structure, m_table.diagnostics, where)) {
        ++m_skipped_non_motor;
        return;
    }
    attributes.source_id = feature.GetFID();

    const OGRGeometry* geom = feature.GetGeometryRef();
    std::vector<const OGRLineString*> parts;
    if (geom && wkbFlatten(geom->getGeometryType()) == wkbLineString) {
        parts.push_back(geom->toLineString());
    } else if (geom && wkbFlatten(geom->getGeometryType()) == wkbMultiLineString) {
        for (const auto* part : *geom->toMultiLineString()) parts.push_back(part);
    } else {
        const std::string type = geom ? OGRGeometryTypeToName(geom->getGeometryType()) : "no geometry";
        m_table.diagnostics.add("degenerate_geometry", where, "geometry is " + type + ", not a line; feature skipped");
        return;
    }

    // Convert every part before keeping any, so one bad coordinate drops the whole feature.
    std::vector<LineString> converted;
    for (const auto* part : parts) {
        auto line = convert_part(*part, where);
        if (!line) return;
        if (line->size() < 2) {
            m_table.diagnostics.add("degenerate_geometry", where, "line part with fewer than 2 points skipped");
            continue;
        }
        converted.push_back(std::move(*line));
    }
    const std::string from_id = m_mapping.from_node >= 0 ? feature.GetFieldAsString(m_mapping.from_node) : "";
    const std::string to_id = m_mapping.to_node >= 0 ? feature.GetFieldAsString(m_mapping.to_node) : "";
    for (std::size_t i = 0; i < converted.size(); ++i) {
        RawLine raw{std::move(converted[i]), attributes, structure, from_id, to_id};
        if (converted.size() > 1) {
            // Inner ends of a multi-part feature have no ids: name them after the feature.
            std::string base = "#";  // built stepwise: g++ 12 warns falsely on "#" + to_string
            base += std::to_string(feature.GetFID());
            base += '/';
            if (i > 0) raw.from_node = base + std::to_string(i);
            if (i + 1 < converted.size()) raw.to_node = base + std::to_string(i + 1);
        }
        m_lines.push_back(std::move(raw));
    }
}

void LayerReader::finish_link(Link link, LineString geometry) {
    if (m_target_geographic) {
        double total = 0.0;
        for (std::size_t i = 1; i < geometry.size(); ++i) total += haversine_m(geometry[i - 1], geometry[i]);
        link.length_m = total;
    } else {
        link.length_m = length_m(geometry);
    }
    link.geometry = std::move(geometry);
    m_table.links.push_back(std::move(link));
}

void LayerReader::link_with_node_ids() {
    std::unordered_map<NodeKey, std::string> ids;
    const auto key_of = [&](const std::string& id, const RawLine& line, bool start) {
        std::string name = id;
        if (name.empty()) {
            // A missing id leaves this end unconnected rather than joining all such ends.
            name = "#missing/" + std::to_string(line.attributes.source_id) + (start ? "/from" : "/to");
            m_table.diagnostics.add("missing_node_id", m_layer_where + ", feature " +
                                    std::to_string(line.attributes.source_id),
                                    "empty start/end node id; that end is left unconnected");
        }
        const NodeKey key = stable_node_key(name);
        auto [it, inserted] = ids.emplace(key, name);
        if (!inserted && it->second != name) {
            m_table.diagnostics.add("node_key_collision", m_layer_where,
                                    "node ids '" + it->second + "' and '" + name + "' hash to the same key");
        }
        const Point& p = start ? line.geometry.front() : line.geometry.back();
        m_table.node_coords.emplace(key, p);
        return key;
    };
    for (auto& line : m_lines) {
        Link link = line.attributes;
        link.from = key_of(line.from_node, line, true);
        link.to = key_of(line.to_node, line, false);
        finish_link(std::move(link), std::move(line.geometry));
    }
}

void LayerReader::link_by_joining() {
    std::vector<const LineString*> geometries;
    std::vector<Structure> structures;
    geometries.reserve(m_lines.size());
    for (const auto& line : m_lines) {
        geometries.push_back(&line.geometry);
        structures.push_back(line.structure);
    }
    JoinOptions join;
    join.endpoint_tolerance_m = std::max(0.0, m_options.snap_tolerance_m);
    // OSM-derived layers hold whole ways, which meet at shared interior nodes (T junctions).
    join.split_at_shared_vertices = m_mapping.preset == OgrPreset::Geofabrik;
    JoinResult joined = join_lines(geometries, structures, join);
    m_table.node_coords = std::move(joined.node_coords);
    for (const auto& piece : joined.pieces) {
        const RawLine& line = m_lines[piece.line];
        Link link = line.attributes;
        link.from = piece.from;
        link.to = piece.to;
        finish_link(std::move(link), LineString(line.geometry.begin() + static_cast<std::ptrdiff_t>(piece.first),
                                                line.geometry.begin() + static_cast<std::ptrdiff_t>(piece.last) + 1));
    }
}

void LayerReader::read() {
    open_transform();
    m_mapping = resolve_mapping(*m_layer.GetLayerDefn(), m_options, m_layer_where);
    gdal::FeatureLoop features(m_layer, m_layer_where, m_options.input, &m_table.diagnostics);
    while (const auto feature = features.next()) {
        ++m_features;
        read_feature(*feature);
    }
    if (m_features == 0) throw InputError(m_layer_where + " is empty");
    if (m_lines.empty()) {
        throw InputError(m_layer_where + " has " + std::to_string(m_features) +
                         " features but no usable road lines (" + std::to_string(m_skipped_non_motor) +
                         " not for motor traffic, " + std::to_string(m_table.diagnostics.total()) +
                         " with problems)");
    }
    if (m_mapping.has_node_topology()) {
        link_with_node_ids();
    } else {
        link_by_joining();
    }
    m_lines.clear();
}

}  // namespace

LinkTable read_ogr_lines(const std::string& path, const ReadOptions& options) {
    gdal::ErrorCapture errors;
    GDALDatasetUniquePtr ds = gdal::open_vector(path, options.input);
    OGRLayer* layer = choose_layer(*ds, path, options.layer);
    LinkTable table;
    table.source = path + " (layer " + layer->GetName() + ")";
    LayerReader(std::filesystem::path(path).filename().string(), *layer, options, table).read();
    return table;
}

}  // namespace midlink::io
