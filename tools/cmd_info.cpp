// midlink info PATH: what midlink will make of a file before using it (workflow::run_info).
#include <iostream>

#include "commands.hpp"
#include "midlink/workflow/info.hpp"

namespace midlink::cli {

void add_info_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::InfoConfig>();
    auto* cmd = app.add_subcommand("info", "Layers, CRS, feature counts, geometry types, extent and validity of a file");
    cmd->add_option("path", cfg->path, "Any GDAL dataset (gpkg, shp, zip, geojson, fgb, pbf), a TNTP/GMNS/DIMACS network or a .mlg graph")->required();
    cmd->add_option("--input-format", cfg->input_format, "Force a network format")->check(CLI::IsMember({"auto", "osm", "ogr", "tntp", "gmns", "dimacs"}));
    cmd->add_option("--format", cfg->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    add_input_flags(cmd, ctx);
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_info(*cfg, ctx, std::cout); }; });
}

}  // namespace midlink::cli
