// OpenStreetMap reader (PBF, XML and whatever else libosmium detects from the name).
//
// Two passes keep memory to what the road network needs, never every node of the file:
//   1. ways only: interpret the tags of routable ways, keep their node refs;
//   2. nodes only: keep (projected) locations of the nodes those ways use.
// Each way is then split at nodes used more than once (by another way or the same way),
// so every Link runs between two decision nodes.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <osmium/io/any_input.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>
#include <string>
#include <vector>

#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/osm_tags.hpp"

namespace midlink::io {
namespace {

using NodeIndex = std::uint32_t;  // position in RoutableWays::node_ids

struct RoutableWay {
    std::int64_t id = 0;
    std::size_t first_ref = 0;  // into RoutableWays::refs
    std::size_t ref_count = 0;
    Link attributes;
};

struct RoutableWays {
    std::vector<RoutableWay> ways;
    /// Node refs of all ways back to back, as indexes into node_ids.
    std::vector<NodeIndex> refs;
    /// Every node used by a routable way, sorted, once each.
    std::vector<NodeKey> node_ids;
    /// Per node_ids entry: used more than once, so a way must be split there.
    std::vector<bool> decision;
};

std::string where_way(std::int64_t id) { return "way " + std::to_string(id); }

/// Pass 1. Node refs are collected as OSM ids, then replaced by indexes into the sorted
/// unique id list, which also yields the use counts.
/// Reports the share of the file read (offset / size) to `progress`, mapped onto
/// [from, from + span] of the whole read (two passes: ways, then nodes).
void report_read(const osmium::io::Reader& reader, const ReadOptions& options, double from, double span) {
    if (!options.progress || reader.file_size() == 0) return;
    options.progress(from + span * static_cast<double>(reader.offset()) / static_cast<double>(reader.file_size()));
}

RoutableWays read_routable_ways(const osmium::io::File& file, const ReadOptions& options, Diagnostics& diagnostics) {
    const bool with_paths = options.with_paths;
    RoutableWays result;
    std::vector<NodeKey> ref_ids;
    osmium::io::Reader reader{file, osmium::osm_entity_bits::way, osmium::io::read_meta::no};
    while (const osmium::memory::Buffer buffer = reader.read()) {
        report_read(reader, options, 0.0, 0.5);
        for (const auto& way : buffer.select<osmium::Way>()) {
            const char* highway = way.tags()["highway"];
            if (highway == nullptr || !routable_highway(highway, with_paths)) continue;  // cheap reject
            OsmWayTags tags;
            for (const auto& tag : way.tags()) tags.set(tag.key(), tag.value());
            auto interpretation = interpret_way(tags, with_paths);
            if (!interpretation) continue;
            for (const auto& unparsed : interpretation->unparsed) {
                diagnostics.add("unparsed_tag", where_way(way.id()),
                                "cannot interpret " + unparsed + "; treated as unknown");
            }
            const std::size_t first = ref_ids.size();
            for (const auto& node_ref : way.nodes()) {
                // A repeated consecutive node is a mapping slip, not a loop.
                if (ref_ids.size() > first && ref_ids.back() == node_ref.ref()) continue;
                ref_ids.push_back(node_ref.ref());
            }
            if (ref_ids.size() - first < 2) {
                ref_ids.resize(first);
                diagnostics.add("degenerate_way", where_way(way.id()),
                                "routable way has fewer than two distinct nodes; skipped");
                continue;
            }
            result.ways.push_back(
                {way.id(), first, ref_ids.size() - first, std::move(interpretation->attributes)});
        }
    }
    reader.close();

    std::vector<NodeKey> sorted = ref_ids;
    std::sort(sorted.begin(), sorted.end());
    if (sorted.size() >= std::numeric_limits<NodeIndex>::max()) {
        throw InputError(file.filename() + ": too many way nodes for 32-bit node indexes");
    }
    result.node_ids.reserve(sorted.size() / 2);
    result.decision.reserve(sorted.size() / 2);
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i + 1;
        while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
        result.node_ids.push_back(sorted[i]);
        result.decision.push_back(j - i > 1);
        i = j;
    }
    result.refs.reserve(ref_ids.size());
    for (const NodeKey id : ref_ids) {
        const auto it = std::lower_bound(result.node_ids.begin(), result.node_ids.end(), id);
        result.refs.push_back(static_cast<NodeIndex>(it - result.node_ids.begin()));
    }
    return result;
}

/// Pass 2. Locations of the wanted nodes, already in the target CRS; NaN where the file
/// has no (valid) location or the transform fails.
std::vector<Point> read_node_points(const osmium::io::File& file, const std::vector<NodeKey>& ids,
                                    const CrsTransform& transform, const ReadOptions& options) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    std::vector<Point> points(ids.size(), Point{kNaN, kNaN});
    osmium::io::Reader reader{file, osmium::osm_entity_bits::node, osmium::io::read_meta::no};
    // Files are normally sorted by id, so each search starts where the last one ended;
    // an out-of-order id falls back to searching the whole list.
    std::size_t cursor = 0;
    NodeKey previous = std::numeric_limits<NodeKey>::min();
    while (const osmium::memory::Buffer buffer = reader.read()) {
        report_read(reader, options, 0.5, 0.5);
        for (const auto& node : buffer.select<osmium::Node>()) {
            const NodeKey id = node.id();
            const std::size_t from = id >= previous ? cursor : 0;
            previous = id;
            const auto it =
                std::lower_bound(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.end(), id);
            cursor = static_cast<std::size_t>(it - ids.begin());
            if (it == ids.end() || *it != id || !node.location().valid()) continue;
            Point p{node.location().lon(), node.location().lat()};
            transform.apply(p);  // leaves NaN on failure
            points[cursor] = p;
        }
    }
    reader.close();
    return points;
}

/// Emits the Links of one way, split at decision nodes.
void emit_way(const RoutableWay& way, const RoutableWays& network, const std::vector<Point>& points,
              LinkTable& table) {
    const NodeIndex* refs = network.refs.data() + way.first_ref;
    std::size_t start = 0;
    for (std::size_t i = 1; i < way.ref_count; ++i) {
        if (i + 1 < way.ref_count && !network.decision[refs[i]]) continue;
        LineString geometry;
        geometry.reserve(i - start + 1);
        bool complete = true;
        for (std::size_t k = start; k <= i && complete; ++k) {
            geometry.push_back(points[refs[k]]);
            complete = is_finite(geometry.back());
        }
        const NodeKey from = network.node_ids[refs[start]];
        const NodeKey to = network.node_ids[refs[i]];
        if (!complete) {
            table.diagnostics.add("missing_node_location", where_way(way.id),
                                  "a node between " + std::to_string(from) + " and " +
                                      std::to_string(to) +
                                      " has no usable location; piece skipped");
        } else {
            Link& link = table.links.emplace_back(way.attributes);
            link.from = from;
            link.to = to;
            link.length_m = length_m(geometry);
            link.geometry = std::move(geometry);
            link.source_id = way.id;
            table.node_coords.try_emplace(from, link.geometry.front());
            table.node_coords.try_emplace(to, link.geometry.back());
        }
        start = i;
    }
}

/// A routable way using a node the file does not hold (or locate) means the file was cut
/// short or lost blocks: Geofabrik-style extracts keep every node of the ways they hold.
void check_way_nodes(const std::string& path, const RoutableWays& network, const std::vector<Point>& points,
                     const InputPolicy& policy) {
    std::size_t broken_ways = 0;
    std::int64_t first_way = 0;
    NodeKey first_node = 0;
    for (const auto& way : network.ways) {
        for (std::size_t k = 0; k < way.ref_count; ++k) {
            const NodeIndex node = network.refs[way.first_ref + k];
            if (is_finite(points[node])) continue;
            if (broken_ways++ == 0) {
                first_way = way.id;
                first_node = network.node_ids[node];
            }
            break;
        }
    }
    if (broken_ways == 0) return;
    const std::string what = std::to_string(broken_ways) + " of " + std::to_string(network.ways.size()) +
                             " routable ways use nodes the file does not hold or locate";
    if (!policy.skip_bad_features) {
        throw InputError(path + ", " + where_way(first_way) + ": node " + std::to_string(first_node) +
                         " is missing; " + what + " (the file is cut short or damaged; pass "
                         "--skip-bad-features to use the rest)");
    }
    if (policy.warn) policy.warn(path + ": " + what + "; their broken pieces were skipped (--skip-bad-features)");
}

}  // namespace

LinkTable read_osm_pbf(const std::string& path, const ReadOptions& options) {
    require_exists(path, "OSM file");
    LinkTable table;
    table.crs = normalise_crs(options.target_crs);
    table.source = path;
    const CrsTransform transform("EPSG:4326", table.crs);  // ConfigError on a bad CRS
    try {
        const osmium::io::File file{path};
        const RoutableWays network = read_routable_ways(file, options, table.diagnostics);
        const std::vector<Point> points = read_node_points(file, network.node_ids, transform, options);
        if (options.progress) options.progress(1.0);
        check_way_nodes(path, network, points, options.input);
        table.links.reserve(network.ways.size() * 2);
        for (const auto& way : network.ways) emit_way(way, network, points, table);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        // libosmium reports truncated or corrupt files as exceptions of its own kinds.
        throw InputError(path + ": cannot read OSM data: " + e.what());
    }
    return table;
}

}  // namespace midlink::io
