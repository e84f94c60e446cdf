// midlink assign: static traffic assignment of a TNTP OD matrix on a TNTP network.
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "midlink/analysis/assignment.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/tntp_assignment.hpp"

namespace midlink::cli {
namespace {

struct AssignConfig {
    std::string network;
    std::string trips;
    std::string method = "cfw";
    double gap = 1e-4;
    int max_iterations = 1000;
    std::string output;
};

std::string num(double v, const char* format = "%.12g") {
    char buf[64];
    std::snprintf(buf, sizeof(buf), format, v);
    return buf;
}

analysis::AssignmentNetwork to_network(const io::TntpAssignmentNet& net) {
    analysis::AssignmentNetwork n;
    n.node_count = static_cast<std::uint32_t>(net.nodes + 1);  // TNTP ids are 1-based: id = index
    n.first_thru_node = static_cast<std::uint32_t>(std::max<std::int64_t>(0, net.first_thru_node));
    for (const auto& l : net.links) {
        n.from.push_back(static_cast<std::uint32_t>(l.init_node));
        n.to.push_back(static_cast<std::uint32_t>(l.term_node));
        n.free_flow_time.push_back(l.free_flow_time);
        n.capacity.push_back(l.capacity);
        n.alpha.push_back(l.b);
        n.power.push_back(l.power);
    }
    return n;
}

analysis::OdMatrix to_od(const io::TntpTrips& trips, const io::TntpAssignmentNet& net) {
    analysis::OdMatrix od;
    const auto check = [&](NodeKey id, const char* what) {
        if (id < 1 || id > net.nodes) {
            throw InputError(trips.path + ": " + what + " " + std::to_string(id) +
                             " is not a node of " + net.path);
        }
        return static_cast<std::uint32_t>(id);
    };
    for (const auto& o : trips.origins) {
        auto& row = od.emplace_back();
        row.origin = check(o.origin, "origin");
        for (const auto& d : o.demands) {
            if (d.flow > 0.0)
                row.destinations.push_back({check(d.destination, "destination"), d.flow});
        }
    }
    return od;
}

void write_atomically(const std::string& path, const std::string& text) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    const fs::path tmp = p.parent_path() / ("." + p.filename().string() + ".tmp");
    {
        std::ofstream f(tmp);
        if (!f || !(f << text)) throw OutputError("cannot write " + path);
    }
    std::error_code ec;
    fs::rename(tmp, p, ec);
    if (ec) throw OutputError("cannot write " + path + ": " + ec.message());
}

int run_assign(const AssignConfig& cfg, const CliContext& ctx) {
    analysis::AssignmentOptions options;
    if (!analysis::parse_assignment_method(cfg.method, options.method)) {
        throw ConfigError("--method must be aon, fw, cfw or bfw");
    }
    options.target_gap = cfg.gap;
    options.max_iterations = cfg.max_iterations;
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);

    const auto net = io::read_tntp_assignment_net(cfg.network);
    const auto trips = io::read_tntp_trips(cfg.trips);
    const auto network = to_network(net);
    const auto od = to_od(trips, net);
    ctx.info(std::to_string(net.links.size()) + " links, " + std::to_string(od.size()) +
             " origins, " + num(trips.total_od_flow, "%.1f") + " trips; method " + cfg.method);
    if (!ctx.quiet) {
        options.on_iteration = [](int it, double gap) {
            std::fprintf(stderr, "iteration %d: relative gap %.3e\n", it, gap);
        };
    }
    const auto start = std::chrono::steady_clock::now();
    const auto r = analysis::assign_traffic(network, od, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::ostringstream csv;
    csv << "from,to,volume,cost\n";
    for (std::size_t a = 0; a < net.links.size(); ++a) {
        csv << net.links[a].init_node << ',' << net.links[a].term_node << ',' << num(r.volume[a])
            << ',' << num(r.cost[a]) << '\n';
    }
    write_atomically(cfg.output, csv.str());
    std::ostringstream json;
    json << "{\"method\":\"" << cfg.method << "\",\"iterations\":" << r.iterations
         << ",\"relative_gap\":" << num(r.relative_gap, "%.6e")
         << ",\"target_gap\":" << num(cfg.gap, "%.6e")
         << ",\"converged\":" << (r.converged ? "true" : "false")
         << ",\"total_system_travel_time\":" << num(r.total_travel_time)
         << ",\"unassigned_demand\":" << num(r.unassigned_demand)
         << ",\"seconds\":" << num(seconds, "%.4f") << ",\"links\":" << net.links.size() << "}\n";
    write_atomically(cfg.output + ".summary.json", json.str());

    if (!r.converged && options.method != analysis::AssignmentMethod::AllOrNothing) {
        ctx.info("warning: gap " + num(r.relative_gap, "%.3e") + " not reached within " +
                 std::to_string(cfg.max_iterations) + " iterations");
    }
    if (r.unassigned_demand > 0.0)
        ctx.info("unassigned demand (unreachable or intrazonal): " + num(r.unassigned_demand));
    std::cout << "relative gap: " << num(r.relative_gap, "%.6e") << " (" << cfg.method << ", "
              << r.iterations << " iterations, " << num(seconds, "%.3f") << " s)\n";
    return 0;
}

}  // namespace

void add_assign_command(CLI::App& app, CliContext& ctx, Action& action) {
    auto cfg = std::make_shared<AssignConfig>();
    auto* cmd = app.add_subcommand(
        "assign", "Traffic assignment (all-or-nothing or BPR user equilibrium) on a TNTP network");
    cmd->add_option("--network", cfg->network, "TNTP network (*_net.tntp)")->required();
    cmd->add_option("--trips", cfg->trips, "TNTP demand (*_trips.tntp)")->required();
    cmd->add_option(
           "--method", cfg->method,
           "aon (all-or-nothing), fw (Frank-Wolfe), cfw (conjugate FW) or bfw (bi-conjugate FW)")
        ->check(CLI::IsMember({"aon", "fw", "cfw", "bfw"}))
        ->capture_default_str();
    cmd->add_option("--gap", cfg->gap, "Stop at this relative gap")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--max-iter", cfg->max_iterations, "Stop after this many iterations")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("-o,--output", cfg->output,
                    "Link flows CSV (from,to,volume,cost); summary JSON beside it")
        ->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_assign(*cfg, ctx); }; });
}

}  // namespace midlink::cli
