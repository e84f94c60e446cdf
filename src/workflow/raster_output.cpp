// Writes a travel-time raster study: a GeoTIFF that says what it holds, and its diagnostics.
#include "midlink/io/raster_writer.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/raster.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {

void write_raster(const RasterStudy& study, const RasterConfig& cfg, const Context& ctx, io::OutputSet& set) {
    const auto fmt = [](double v) { return format_number(v, "%g"); };
    Step step(ctx, "writing " + cfg.output);
    const auto& grid = study.grid;
    const auto& raster = study.raster;
    io::RasterSpec spec;
    spec.crs = study.crs;
    spec.min_x = grid.min_x;
    spec.max_y = grid.max_y;
    spec.cell_m = grid.cell_m;
    spec.cols = grid.cols;
    spec.rows = grid.rows;
    spec.nodata = kRasterNodata;
    spec.band_description = "travel time to the nearest destination (minutes)";
    std::string category;
    for (std::size_t k = 0; k < cfg.categories.size(); ++k) category += (k ? "," : "") + cfg.categories[k];
    spec.metadata = {
        {"midlink_command", "raster"},
        {"graph", cfg.graph},
        {"graph_profile", study.profile_name},
        {"destinations", cfg.destinations},
        {"destination_category_field", cfg.dest_category},
        {"destination_categories", category},
        {"destinations_used", std::to_string(study.destinations_used)},
        {"destinations_unsnapped", std::to_string(study.destinations_unsnapped)},
        {"destination_max_snap_m", fmt(cfg.dest_max_snap_m)},
        {"cell_m", fmt(grid.cell_m)},
        {"max_snap_m", fmt(study.max_snap_m)},
        {"max_minutes", cfg.max_minutes ? fmt(*cfg.max_minutes) : "none"},
        {"cells_valued", std::to_string(raster.cells_valued)},
        {"cells_off_network", std::to_string(raster.cells_off_network)},
        {"cells_unreached", std::to_string(raster.cells_unreached)},
    };
    spec.band_metadata = {
        {"units", "minutes"},
        {"nodata_meaning", "no road within max_snap_m of the cell centre, or no destination reachable (within max_minutes)"},
        {"definition", "network time from the point on the nearest road to the cell centre to the nearest destination; "
                       "the walk from the centre to the road is not counted"},
    };
    io::write_geotiff(cfg.output, spec, raster.minutes, &set);
    write_diagnostics_csv(study.diagnostics, cfg.output + ".diagnostics.csv", &set, &ctx);
    step.done();
}

}  // namespace midlink::workflow
