#pragma once
// Isochrones as a study (`midlink isochrone`): travel-time bands from one or more origins,
// drawn as reachable road (layer `edges`) and as buffered road (layer `bands`) rather than
// as hulls. compute_isochrone writes nothing; run_isochrone is the whole command.
#include <cstdint>
#include <string>
#include <vector>

#include "midlink/analysis/isochrone.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"
#include "midlink/workflow/origin_points.hpp"

namespace midlink::workflow {

/// The options of `midlink isochrone`, one field per flag.
struct IsochroneConfig {
    std::string graph;        // read by run_isochrone only
    std::string from;         // "X,Y"
    std::string points;       // CSV id,x,y
    std::string coords_crs;   // default: the graph's CRS
    std::vector<double> bands_min{10, 20, 30};
    double max_snap_m = 1000.0;
    bool snap_connectors = false;
    double buffer_m = 50.0;
    std::string output;       // read by run_isochrone and write_isochrone only
};

/// One origin's bands.
struct IsochroneOrigin {
    std::string id;
    graph::Snap snap;                                 // !snap.ok: unsnapped, every band empty
    std::vector<analysis::ReachableEdge> pieces;
    std::vector<LineString> piece_lines;              // geometry of each piece, in the graph's CRS
    std::vector<double> reachable_m;                  // per band, cumulative
    std::vector<std::vector<std::uint8_t>> band_wkb;  // per band, MultiPolygon (ISO WKB)
    std::vector<double> area_m2;                      // per band
};

struct IsochroneStudy {
    std::string crs;  // the graph's
    std::vector<double> bands_min;
    std::vector<IsochroneOrigin> origins;

    /// The layers write_isochrone writes, "edges" and "bands", with the same columns and
    /// values and a Shape per row.
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// Throws ConfigError for bands, buffer or snap limit that cannot work (bands not
/// increasing, a buffer of 0, ...). The origins are checked where they are read.
void check_isochrone_config(const IsochroneConfig& cfg);

/// The origins of cfg: the --points CSV, or the one --from point with id "1". Throws
/// ConfigError unless exactly one of the two is given.
std::vector<OriginPoint> isochrone_origins(const IsochroneConfig& cfg);

/// Snaps `origins` (in cfg.coords_crs, default the graph's), searches and draws the bands;
/// writes nothing. cfg.from and cfg.points are not used. With ctx.group of several ranks it
/// is collective: origin i is searched and drawn on rank i mod size and gathered to rank 0,
/// whose study alone is complete.
IsochroneStudy compute_isochrone(const IsochroneConfig& cfg, const Context& ctx, const graph::RoadGraph& graph,
                                 const std::vector<OriginPoint>& origins);
/// The same, reading the origins from cfg.
IsochroneStudy compute_isochrone(const IsochroneConfig& cfg, const Context& ctx, const graph::RoadGraph& graph);

/// Writes the layers to cfg.output as a member of `set` (the caller commits it).
void write_isochrone(const IsochroneStudy& study, const IsochroneConfig& cfg, const Context& ctx, io::OutputSet& set);

/// `midlink isochrone`: checks, the output lock, the origins, the graph from cfg.graph,
/// compute, write, commit, then one line per origin and band. Returns the exit code (0).
int run_isochrone(const IsochroneConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
