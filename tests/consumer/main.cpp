// Routes the pairs of a CSV on a .mlg graph and prints id,status,time_s,distance_m, for
// the Consumer test to compare with `midlink route --pairs`. Built only against the
// installed package (find_package(midlink)), never the source tree.
//   midlink_consumer GRAPH.mlg PAIRS.csv    (PAIRS: id,from_x,from_y,to_x,to_y in the graph's CRS)
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <midlink/core/error.hpp>
#include <midlink/version.hpp>
#ifdef MIDLINK_CONSUMER_FACADE
#include <midlink/midlink.hpp>
#else
#include <midlink/graph/graph_file.hpp>
#include <midlink/graph/route.hpp>
#include <midlink/graph/shortest_path.hpp>
#include <midlink/graph/snapper.hpp>
#endif

namespace {

struct Pair {
    std::string id;
    midlink::Point from;
    midlink::Point to;
};

std::vector<Pair> read_pairs(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw midlink::InputError("cannot read " + path);
    std::vector<Pair> pairs;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::istringstream row(line);
        Pair p;
        std::string field;
        std::getline(row, p.id, ',');
        double v[4];
        for (double& x : v) {
            std::getline(row, field, ',');
            x = std::stod(field);
        }
        p.from = {v[0], v[1]};
        p.to = {v[2], v[3]};
        pairs.push_back(p);
    }
    return pairs;
}

std::string fixed1(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

void print_row(const std::string& id, const char* status, bool ok, double time_s, double distance_m) {
    std::cout << id << ',' << status << ',' << (ok ? fixed1(time_s) : "") << ','
              << (ok ? fixed1(distance_m) : "") << '\n';
}

#ifdef MIDLINK_CONSUMER_FACADE
const char* status_name(midlink::RouteStatus s) {
    switch (s) {
        case midlink::RouteStatus::Ok: return "ok";
        case midlink::RouteStatus::Unreachable: return "unreachable";
        case midlink::RouteStatus::Unsnapped: return "unsnapped";
    }
    return "unknown";
}

void route_pairs(const std::string& graph_path, const std::vector<Pair>& pairs) {
    const auto graph = midlink::Graph::load(graph_path);
    for (const auto& p : pairs) {
        const midlink::Route r = graph.route(p.from, p.to);
        print_row(p.id, status_name(r.status), r.status == midlink::RouteStatus::Ok, r.time_s, r.distance_m);
    }
}
#else
// The layer libraries directly: what `midlink route` does for each pair.
void route_pairs(const std::string& graph_path, const std::vector<Pair>& pairs) {
    using namespace midlink::graph;
    const RoadGraph graph = read_graph_file(graph_path);
    const Snapper snapper(graph);
    ShortestPathSearch search(graph, Metric::Time);
    const double max_snap_m = 1000.0;  // the CLI's --max-snap default
    for (const auto& p : pairs) {
        const Route r = route_between(search, snapper.snap(p.from, max_snap_m), snapper.snap(p.to, max_snap_m));
        print_row(p.id, std::string(route_status_name(r.status)).c_str(), r.status == RouteStatus::Ok, r.time_s,
                  r.distance_m);
    }
}
#endif

}  // namespace

int main(int argc, char** argv) {
    std::cerr << "midlink " << midlink::version_string << '\n';
    if (argc != 3) {
        std::cerr << "usage: midlink_consumer GRAPH.mlg PAIRS.csv\n";
        return 2;
    }
    try {
        std::cout << "id,status,time_s,distance_m\n";
        route_pairs(argv[1], read_pairs(argv[2]));
    } catch (const midlink::Error& e) {
        std::cerr << "midlink_consumer: " << e.what() << '\n';
        return e.exit_code();
    }
    return 0;
}
