#pragma once
// A travel-time raster as a study (`midlink raster`): minutes from every cell to the nearest
// destination of a set, for GIS teams. One multi-source search over the reversed network
// from every destination, then each cell centre snaps to the network and reads its time
// off the search (analysis/travel_time_raster). compute_raster writes nothing;
// run_raster is the whole command.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "midlink/analysis/travel_time_raster.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// The options of `midlink raster`, one field per flag.
struct RasterConfig {
    std::string graph;                  // named in the metadata; read by run_raster only
    std::string destinations;
    std::string dest_layer;
    std::string dest_id;
    std::string dest_x;
    std::string dest_y;
    std::string dest_category;
    std::vector<std::string> categories;
    std::string assume_crs;
    double dest_max_snap_m = 1000.0;
    bool snap_connectors = false;
    double cell_m = 0.0;
    std::string extent;                 // xmin,ymin,xmax,ymax in the graph CRS
    std::optional<double> max_snap_m;   // default: analysis::default_cell_max_snap_m
    std::optional<double> max_minutes;
    std::string output;                 // read by run_raster and write_raster only
};

/// Written where a cell has no value.
inline constexpr float kRasterNodata = -9999.0f;

struct RasterStudy {
    std::string crs;           // the graph's
    std::string profile_name;  // the graph's profile, for the metadata
    analysis::RasterGrid grid;
    double max_snap_m = 0.0;   // cell centre to road, as used
    std::size_t destinations_used = 0;
    std::size_t destinations_unsnapped = 0;
    analysis::TravelTimeRaster raster;  // minutes per cell, row 0 north; NaN = no value
    Diagnostics diagnostics;
};

/// Throws ConfigError (or InputError for a missing destinations file) for options that
/// cannot work; nothing is read.
void check_raster_config(const RasterConfig& cfg);

/// Reads and snaps the destinations, searches and fills the grid; writes nothing.
RasterStudy compute_raster(const RasterConfig& cfg, const Context& ctx, const graph::RoadGraph& graph);

/// Writes the GeoTIFF (with its metadata) and its diagnostics CSV as members of `set`.
void write_raster(const RasterStudy& study, const RasterConfig& cfg, const Context& ctx, io::OutputSet& set);

/// `midlink raster`: checks, the output lock, the graph from cfg.graph, compute, write,
/// commit, then a summary line. Returns the exit code (0).
int run_raster(const RasterConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
