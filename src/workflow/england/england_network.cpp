// bench england-network (workflow/england_network.hpp): reads the real data, runs the
// pure synthesis steps and writes the network, origins, destinations and README.
#include "midlink/workflow/england_network.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "../progress.hpp"
#include "block_grid.hpp"
#include "england_files.hpp"
#include "england_inputs.hpp"
#include "england_report.hpp"
#include "lattice_roads.hpp"
#include "midlink/core/atomic_file.hpp"
#include "midlink/core/error.hpp"
#include "srn_overlay.hpp"
#include "synth_hash.hpp"
#include "synth_points.hpp"

namespace midlink::workflow {
namespace {
using namespace england;

// Lattice nodes asked for at scale 1: with spurs, removed edges and the component filter
// of graph build this gives about 4.3 M nodes and 14.5 M arcs.
constexpr double kLatticeNodesAtScale1 = 3.95e6;
constexpr double kOriginsAtScale1 = 190'000.0;
constexpr std::size_t kMinOrigins = 300;
constexpr std::size_t kMinPerService = 3;

std::size_t scaled(double at_scale_1, double scale, std::size_t at_least) {
    return std::max(at_least, static_cast<std::size_t>(std::llround(at_scale_1 * scale)));
}

void write_network(const SynthNetwork& net, const std::string& dir, const Context& ctx) {
    Step step(ctx, "writing " + dir);
    std::filesystem::create_directories(dir);
    write_file_atomically(dir + "/config.csv", "crs,length_unit,speed_unit\nEPSG:27700,m,kmh\n");
    CsvFile nodes(dir + "/node.csv");
    nodes.write("node_id,x_coord,y_coord\n");
    for (const auto& n : net.nodes) nodes.writef("%lld,%.1f,%.1f\n", static_cast<long long>(n.id), n.x, n.y);
    nodes.commit();
    CsvFile links(dir + "/link.csv");
    links.write("link_id,from_node_id,to_node_id,directed,length,free_speed,facility_type\n");
    DecileProgress progress(ctx, net.links.size());
    for (std::size_t i = 0; i < net.links.size(); ++i) {
        const auto& l = net.links[i];
        links.writef("%zu,%lld,%lld,%d,%.1f,%.0f,%s\n", i + 1, static_cast<long long>(l.from),
                     static_cast<long long>(l.to), l.directed ? 1 : 0, l.length_m, l.speed_kmh,
                     std::string(road_class_name(l.road_class)).c_str());
        if (i % 65536 == 0 || i + 1 == net.links.size()) progress(i + 1);
    }
    links.commit();
    step.done(std::to_string(net.nodes.size()) + " nodes, " + std::to_string(net.links.size()) + " links");
}

void write_points(const std::string& path, const std::vector<Point>& pts) {
    CsvFile f(path);
    f.write("id,easting,northing\n");
    for (std::size_t i = 0; i < pts.size(); ++i) f.writef("%zu,%.0f,%.0f\n", i + 1, pts[i].x, pts[i].y);
    f.commit();
}

/// Real points on land, subsampled to `want`; topped up with synthetic ones when `top_up`.
ServiceSet service_points(const std::string& name, std::size_t at_scale_1, std::vector<Point> real,
                          const std::string& source, bool top_up, double separation_m, const PlacesRead& places,
                          const BlockGrid& grid, const EnglandNetworkConfig& cfg, std::uint64_t stream,
                          std::vector<Point>& out) {
    ServiceSet set{name, at_scale_1, 0, 0, source};
    const std::size_t want = scaled(static_cast<double>(at_scale_1), cfg.scale, kMinPerService);
    std::erase_if(real, [&](const Point& p) { return !grid.on_land(p.x, p.y); });
    for (auto i : subsample(real.size(), std::min(want, real.size()), cfg.seed, kSubsample + stream)) out.push_back(real[i]);
    set.real = out.size();
    if (real.empty() || (top_up && out.size() < want)) {
        const auto extra = pick_weighted(places.places, want - out.size(), separation_m, cfg.seed, 10'000 * stream);
        out.insert(out.end(), extra.begin(), extra.end());
        set.synthetic = extra.size();
    }
    return set;
}

}  // namespace

int run_england_network(const EnglandNetworkConfig& cfg, const Context& ctx, std::ostream& out) {
    if (!(cfg.scale > 0.0) || cfg.scale > 4.0) throw ConfigError("--scale must be in (0, 4]");
    if (cfg.out_dir.empty()) throw ConfigError("an output folder (-o) is required");
    const auto t0 = std::chrono::steady_clock::now();
    const ThreadLimit limit(ctx);
    namespace fs = std::filesystem;
    fs::create_directories(fs::path(cfg.out_dir) / "destinations");

    PlacesRead places;
    {
        Step step(ctx, "reading LSOA centres and residents");
        places = read_places(cfg.geodata);
        step.done(std::to_string(places.places.size()) + " LSOAs");
    }
    GeneratedSummary sum;
    sum.scale = cfg.scale;
    sum.seed = cfg.seed;
    sum.places = places.places.size();
    sum.population = places.population;

    const BlockGrid grid = make_block_grid(places.places, kLatticeNodesAtScale1 * cfg.scale);
    for (auto l : grid.level) {
        if (l >= 0) ++sum.land_blocks, ++sum.blocks_by_level[static_cast<std::size_t>(l)];
    }
    SynthNetwork net;
    {
        Step step(ctx, "drawing the lattice");
        DecileProgress progress(ctx, static_cast<std::size_t>(grid.nby));
        LatticeParams params;
        params.seed = cfg.seed;
        net = lattice_roads(grid, params, [&](std::size_t done) { progress(done); });
        step.done(std::to_string(net.nodes.size()) + " nodes");
    }
    {
        Step step(ctx, "laying the strategic road network over it");
        sum.srn = add_srn(net, grid, read_srn(cfg.geodata));
        step.done(std::to_string(sum.srn.junctions) + " junctions");
    }
    sum.nodes = net.nodes.size();
    sum.links = net.links.size();
    for (const auto& l : net.links) {
        sum.arcs += l.directed ? 1 : 2;
        sum.km_by_class[static_cast<std::size_t>(l.road_class)] += l.length_m / 1000.0;
    }
    write_network(net, (fs::path(cfg.out_dir) / "network").string(), ctx);
    net = SynthNetwork{};

    {
        Step step(ctx, "placing origins and destinations");
        const auto origins = make_origins(places.places, scaled(kOriginsAtScale1, cfg.scale, kMinOrigins), cfg.seed);
        CsvFile f((fs::path(cfg.out_dir) / "origins.csv").string());
        f.write("id,easting,northing,population\n");
        for (std::size_t i = 0; i < origins.size(); ++i) {
            f.writef("%zu,%.0f,%.0f,%lld\n", i + 1, origins[i].x, origins[i].y, static_cast<long long>(origins[i].population));
        }
        f.commit();
        sum.origins = origins.size();

        auto real = read_real_services(cfg.geodata, ctx);
        const std::string gias = "DfE GIAS open establishments (2025-05-24)";
        struct Spec {
            const char* name;
            std::size_t at_scale_1;
            std::vector<Point>* real;
            std::string source;
            bool top_up;
            double separation_m;
        };
        std::vector<Point> none;
        const Spec specs[] = {
            {"employment", 2'800, &none, "synthetic, population-weighted, >= 1 km apart", false, 1'000.0},
            {"primary_school", 16'800, &real.primary_school, gias + ", phase primary", false, 0.0},
            {"secondary_school", 3'450, &real.secondary_school, gias + ", phase secondary / all-through", false, 0.0},
            {"further_education", 250, &real.further_education, gias + ", colleges", false, 0.0},
            {"gp", 6'500, &real.gp, "NHS Choices 2014 GP practices, topped up with synthetic ones", true, 0.0},
            {"hospital", 200, &real.hospital, "NHS Choices 2014 NHS-sector hospitals, a random subset", false, 0.0},
            {"food_store", 10'000, &none, "synthetic, population-weighted", false, 0.0},
            {"town_centre", 1'200, &none, "synthetic, population-weighted, >= 3 km apart", false, 3'000.0},
        };
        std::uint64_t stream = 1;
        for (const auto& s : specs) {
            std::vector<Point> pts;
            sum.services.push_back(service_points(s.name, s.at_scale_1, *s.real, s.source, s.top_up, s.separation_m,
                                                  places, grid, cfg, stream++, pts));
            write_points((fs::path(cfg.out_dir) / "destinations" / (std::string(s.name) + ".csv")).string(), pts);
        }
        step.done(std::to_string(sum.origins) + " origins");
    }
    sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_file_atomically((fs::path(cfg.out_dir) / "README.md").string(), readme_text(sum));
    out << "england-network: " << sum.nodes << " nodes, " << sum.links << " links (" << sum.arcs << " arcs), "
        << sum.origins << " origins";
    for (const auto& s : sum.services) out << ", " << s.real + s.synthetic << " " << s.name;
    char buf[64];
    std::snprintf(buf, sizeof buf, " in %.1f s\n", sum.seconds);
    out << buf << "written to " << cfg.out_dir << "\n";
    return 0;
}

}  // namespace midlink::workflow
