// midlink access: accessibility per origin and per area (metrics.md §1). The options bind
// straight into workflow::AccessConfig; workflow::run_access does the rest.
#include "commands.hpp"
#include "midlink/workflow/access.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_access_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto c = std::make_shared<workflow::AccessConfig>();
    auto* cmd = app.add_subcommand("access", "Accessibility per origin and area: JTS, nearest, cumulative, Hansen, 2SFCA, BFCA");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", c->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--origins", c->origins, "Area polygons (any GDAL layer or a folder of them) or a point layer/CSV")->required();
    cmd->add_option("--origin-layer", c->origin_layer, "Layer name in --origins");
    cmd->add_option("--origin-id", c->origin_id, "Id field of the origins (area code, e.g. LSOA21CD)");
    cmd->add_option("--origin-where", c->origin_where,
                    "OGR SQL filter on area origins: only these origins (e.g. \"LADCD_ACTIVE = 'E06000017'\" for the area a walk network covers)");
    cmd->add_option("--origin-name", c->origin_name, "Name field of area origins, copied to the areas layer (e.g. LSOA21NM)");
    cmd->add_option("--origin-points", c->origin_points, "Point layer/CSV with one point per area (e.g. population-weighted centroids); else a point on the polygon's surface");
    cmd->add_option("--origin-points-id", c->origin_points_id, "Id field of --origin-points (default: --origin-id)");
    cmd->add_option("--population", c->population, "Table with population per origin code (e.g. Census 2021 by LSOA21; rows with the same code are summed)");
    cmd->add_option("--population-id", c->population_id, "Code field of --population");
    cmd->add_option("--population-field", c->population_field, "Population field (of --population, or of the origins when --population is absent)");
    cmd->add_option("--destinations", c->destinations, "Destination points (GDAL layer or CSV with easting/northing or longitude/latitude); repeat for several sets")->required();
    cmd->add_option("--dest-name", c->dest_names, "Name of each destination set, in order (default: file name)");
    cmd->add_option("--dest-weight", c->dest_weight, "Weight field: opportunities or capacity O_j (default 1)");
    cmd->add_option("--dest-category", c->dest_category, "Category field: each category is its own service");
    cmd->add_option("--dest-id", c->dest_id, "Id field of destinations (default: a field named id when there is one, else the row number)");
    cmd->add_option("--measures", c->measures, "Comma list: nearest, nth:N, cumulative:T|T, jts:T|T, hansen:DECAY, hansen_passive:DECAY, 2sfca:T or 2sfca:DECAY, bfca:DECAY, bfca_supply:DECAY (minutes; DECAY = exp:B, pow:B, lin:T, logistic:M:S, bin:T, optional :max=T)")->required();
    cmd->add_option("--max-time", c->max_time_min, "Search limit (minutes) for measures with no natural limit (nearest, nth, exponential)")->capture_default_str();
    cmd->add_option("--max-snap", c->max_snap_m, "Points farther than this (m) from the network are unsnapped")->check(cli::distance_m())->capture_default_str();
    cmd->add_flag("--snap-connectors", c->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--aggregate-to", c->aggregate_to, "Coarser areas to aggregate to (repeatable: LAD, then region...)");
    cmd->add_option("--aggregate-id", c->aggregate_id, "Id field of each --aggregate-to");
    cmd->add_option("--aggregate-by", c->aggregate_by, "Origin field holding each level's code (else spatial containment of the origin point)");
    cmd->add_option("--aggregate-name", c->aggregate_name, "Layer name of each level (default: file name)");
    cmd->add_option("--aggregate-name-field", c->aggregate_name_field, "Name field of each --aggregate-to, copied to its layer (e.g. areanm)");
    cmd->add_option("--aggregate-code", c->aggregate_code, "Also aggregate by the codes in this origin field, without polygons (e.g. RGNCD, CAUTHCD); repeatable");
    cmd->add_option("--assume-crs", c->assume_crs, "CRS for inputs that declare none");
    cmd->add_option("--od-matrix", c->od_matrix, "Also write every origin-destination time within the search limit to this CSV (small sets only)");
    cmd->add_option("--engine", c->engine,
                    "Search: dijkstra (one search per origin, stopping early), phast (a contraction hierarchy, then one "
                    "linear sweep per origin: faster when searches reach most of the graph), or auto (chooses from a "
                    "sample of origins)")
        ->check(CLI::IsMember({"auto", "dijkstra", "phast"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", c->output, "Output GeoPackage (a CSV per layer is written beside it)")->required();
    cmd->callback([c, &ctx, &action] { action = [c, &ctx] { return workflow::run_access(*c, ctx); }; });
}

}  // namespace midlink::cli
