// midlink coverage: broadband coverage per area from Ofcom Connected Nations tables,
// premises points and BDUK classes (metrics.md §2), rolled up to coarser geographies and
// compared between releases. Options only: the study is workflow::run_coverage.
#include "commands.hpp"
#include "midlink/workflow/coverage.hpp"

namespace midlink::cli {

void add_coverage_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto c = std::make_shared<workflow::CoverageConfig>();
    auto* cmd = app.add_subcommand("coverage",
                                   "Broadband coverage per area: Ofcom Connected Nations tables, "
                                   "premises points, BDUK classes; roll-ups and trends");
    add_input_flags(cmd, ctx);
    cmd->add_option("--areas", c->areas, "Area polygons (any GDAL layer or a folder of them)")
        ->required();
    cmd->add_option("--area-layer", c->area_layer, "Layer name in --areas");
    cmd->add_option("--area-id", c->area_id,
                    "Area code field, matched to the coverage codes (e.g. areacd, LAD24CD, OA21CD)")
        ->required();
    cmd->add_option("--area-name", c->area_name, "Area name field, copied to the outputs");
    cmd->add_option("--coverage", c->coverage,
                    "Ofcom coverage tables (CSV), comma-separated or repeated; the order is the "
                    "release order")
        ->delimiter(',');
    cmd->add_option("--release", c->releases,
                    "Release label of each --coverage file (default: from the file name, "
                    "2016_data.csv -> 2016)")
        ->delimiter(',');
    cmd->add_option("--level", c->level, "Geography of the coverage tables: laua, oa or postcode")
        ->capture_default_str();
    cmd->add_option("--code-field", c->code_field,
                    "Code column of the tables (default: the published one: laua/laua_code, "
                    "oa11cd..., postcode...)");
    cmd->add_option("--lookup", c->lookup,
                    "Old code -> new code CSV (default for laua: the built-in LAD boundary changes "
                    "2019-2023; 'none' for no lookup)");
    cmd->add_option("--lookup-from", c->lookup_from, "Old-code column of --lookup")
        ->capture_default_str();
    cmd->add_option("--lookup-to", c->lookup_to, "New-code column of --lookup")
        ->capture_default_str();
    cmd->add_option("--premises", c->premises,
                    "Premises points (any GDAL point layer or a CSV with coordinates)");
    cmd->add_option("--premises-layer", c->premises_layer, "Layer name in --premises");
    cmd->add_option("--premises-down", c->premises_down,
                    "Download speed field of --premises (Mbit/s)");
    cmd->add_option("--premises-up", c->premises_up,
                    "Upload speed field of --premises (Mbit/s; for the USO's 1 Mbit/s up)");
    cmd->add_option("--premises-tech", c->premises_tech,
                    "Technology field of --premises (FTTP/FTTH = full fibre)");
    cmd->add_option("--premises-bduk", c->premises_bduk,
                    "BDUK class field of --premises (White, Grey, Black, Under review)");
    cmd->add_option("--premises-release", c->premises_release,
                    "Release label of the premises counts")
        ->capture_default_str();
    cmd->add_option("--coverage-polygons", c->polygons,
                    "Coverage polygons (any GDAL polygon layer): premises inside have --coverage-polygons-tier");
    cmd->add_option("--coverage-polygons-layer", c->polygons_layer, "Layer name in --coverage-polygons");
    cmd->add_option("--coverage-polygons-id", c->polygons_id, "A field with a value per polygon (e.g. OBJECTID)");
    cmd->add_option("--coverage-polygons-tier", c->polygons_tier, "Tier the polygons show (e.g. gigabit, full_fibre)")
        ->capture_default_str();
    cmd->add_option("--coverage-polygons-release", c->polygons_release, "Release label of the polygon counts")
        ->capture_default_str();
    cmd->add_option("--bduk", c->bduk,
                    "BDUK classes table (CSV) keyed by the --level code (postcode, OA or LA)");
    cmd->add_option("--bduk-key", c->bduk_key, "Code column of --bduk");
    cmd->add_option("--bduk-class", c->bduk_class, "Class column of --bduk");
    cmd->add_option("--bduk-premises", c->bduk_premises,
                    "Premises count column of --bduk (default: one premises per row)");
    cmd->add_option("--aggregate-to", c->aggregate_to,
                    "Coarser polygons to roll up to, by containment of each area's point on "
                    "surface (repeatable)");
    cmd->add_option("--aggregate-id", c->aggregate_id, "Id field of each --aggregate-to");
    cmd->add_option("--aggregate-name", c->aggregate_name,
                    "Name of each --aggregate-to geography (default: file name)");
    cmd->add_option("--aggregate-code", c->aggregate_code,
                    "Also roll up by the codes in this area field, without polygons (e.g. rgncd, "
                    "utlacd); repeatable");
    cmd->add_option(
           "--superfast-mbps", c->options.superfast_mbps,
           "Superfast threshold: 30 (Ofcom) or 24 (older BDUK contracts; premises speeds only)")
        ->capture_default_str();
    cmd->add_option("--ultrafast-mbps", c->options.ultrafast_mbps,
                    "Ultrafast threshold: 300 (Ofcom) or 100 (UK government)")
        ->capture_default_str();
    cmd->add_option("--assume-crs", c->assume_crs, "CRS for inputs that declare none");
    cmd->add_option("-o,--output", c->output,
                    "Output GeoPackage (EPSG:27700; a CSV per layer is written beside it)")
        ->required();
    cmd->callback([c, &ctx, &action] {
        c->lookups_dir = ctx.lookups_dir;
        action = [c, &ctx] { return workflow::run_coverage(*c, ctx); };
    });
}

}  // namespace midlink::cli
