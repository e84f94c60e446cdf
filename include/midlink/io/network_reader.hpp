#pragma once
// Readers that turn network files into the neutral LinkTable, in the working CRS.
#include <functional>
#include <map>
#include <string>
#include <variant>

#include "midlink/core/link_columns.hpp"
#include "midlink/core/link_table.hpp"
#include "midlink/io/input_policy.hpp"

namespace midlink::io {

enum class NetworkFormat { Auto, Osm, Ogr, Tntp, Gmns, Dimacs, JunctionCsv };

/// "osm", "ogr", "tntp", "gmns", "dimacs", "junction-csv" (alias "srn") or "auto";
/// throws ConfigError otherwise.
NetworkFormat parse_network_format(const std::string& name);
/// Guesses from the path: .pbf/.osm.pbf -> Osm, *_net.tntp -> Tntp, a folder holding
/// link.csv -> Gmns, .gr/.gr.xz -> Dimacs, a .csv with StartCluster/EndCluster columns ->
/// JunctionCsv, anything else -> Ogr.
NetworkFormat detect_network_format(const std::string& path);

/// Field mapping for a generic GDAL line layer: names of the source fields (empty = absent).
struct FieldMapping {
    std::string road_class;  // values mapped through class_values, else parse_road_class
    std::string speed_kmh;   // numeric km/h or OSM-style maxspeed text ("30 mph")
    std::string oneway;      // yes/no/-1/true/false/1/0/F/T/B (Geofabrik F/T/B)
    std::string ref;
    std::string name;
    std::string from_node;   // start node topology (OS Open Roads startNode/start_node)
    std::string to_node;
    std::string form_of_way; // OS Open Roads formOfWay: dual carriageway, roundabout, slip
    std::map<std::string, std::string> class_values;  // source value -> midlink class name
    /// When a link's class is absent or unknown, take it from its GB road number:
    /// M1 / A1(M) -> motorway, A38 -> primary, B4100 -> secondary (DfT-style networks).
    bool class_from_ref = false;
};

struct ReadOptions {
    std::string target_crs = "EPSG:27700";
    std::string assume_crs;  // CRS for layers that declare none; empty = refuse such layers
    std::string layer;       // OGR layer name; empty = the only/first line layer
    std::string preset = "auto";  // OGR: auto | geofabrik | os-open-roads | generic
    FieldMapping fields;          // OGR generic mapping (overrides preset fields when set)
    /// OGR without node topology: endpoints closer than this are joined. Only endpoints
    /// are joined, never interior vertices, so lines that cross without sharing a vertex
    /// (bridges) stay apart.
    double snap_tolerance_m = 0.5;
    InputPolicy input;  // VRT and damaged-feature policy for GDAL layers and OSM files
    /// Keep foot and cycle ways (OSM highway=footway, cycleway, path, pedestrian, steps,
    /// bridleway, and Geofabrik's fclass of the same names): set for the walk and cycle
    /// profiles (Profile::is_active_mode), off for motor graphs.
    bool with_paths = false;
    /// Share of the input read so far, 0 to 1 (OSM PBF: bytes of both passes); may be empty.
    std::function<void(double)> progress;
};

/// Reads any supported network. Throws InputError for missing/unreadable/empty input,
/// ConfigError for bad options; per-feature problems go to LinkTable::diagnostics.
LinkTable read_network(const std::string& path, NetworkFormat format, const ReadOptions& options);

/// What `graph build` reads: GMNS by column (read_gmns_columns), other formats by row.
using NetworkTable = std::variant<LinkTable, ColumnLinkTable>;
/// read_network, with the same checks, without turning columns into rows.
NetworkTable read_network_table(const std::string& path, NetworkFormat format, const ReadOptions& options);

LinkTable read_osm_pbf(const std::string& path, const ReadOptions& options);
LinkTable read_ogr_lines(const std::string& path, const ReadOptions& options);
/// `net_path` is a TNTP `*_net.tntp`; node coordinates come from a `*_node.tntp` or
/// `*_Nodes.tntp` beside it when present (coordinates in options.assume_crs, else EPSG:27700
/// when they look like BNG metres, else EPSG:4326 when they look like lon/lat).
LinkTable read_tntp(const std::string& net_path, const ReadOptions& options);
/// `dir` holds GMNS `node.csv` and `link.csv`.
LinkTable read_gmns(const std::string& dir, const ReadOptions& options);
/// The same, one record at a time into columns: a national network (7 M links) in a
/// fraction of the rows' memory, and never as text.
ColumnLinkTable read_gmns_columns(const std::string& dir, const ReadOptions& options);
/// DIMACS 9 `p sp` graph, plain or .xz; arc weights become free_flow_time_s (as given).
LinkTable read_dimacs(const std::string& path, const ReadOptions& options);
/// Junction-to-junction CSV (National Highways SRN graph layout): StartCluster/EndCluster
/// node ids, StartX/StartY/EndX/EndY (BNG), optional road, dist (km), LinkDescription.
LinkTable read_junction_csv(const std::string& path, const ReadOptions& options);
/// True when the file's header names StartCluster and EndCluster.
bool is_junction_csv(const std::string& path);

}  // namespace midlink::io
