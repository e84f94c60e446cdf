#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <random>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "midlink/analysis/access_engine.hpp"
#include "midlink/analysis/aggregate.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "random_graph.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::analysis;
using midlink::test::TinyNetwork;
using midlink::test::car_all;
using midlink::test::at_node;
using midlink::test::node_of;

namespace {
// A(0) --1km-- B(1000) --1km-- C(2000) --1km-- D(3000), plus an island E-F.
// At 60 km/h one kilometre takes exactly one minute.
graph::RoadGraph line_graph() { return test::line_graph_60kmh(); }


struct Fixture {
    graph::RoadGraph g = line_graph();
    AccessInputs in;
    Fixture(const std::string& spec) {
        in.graph = &g;
        in.services = {"svc"};
        in.origins = {{at_node(node_of(g, 1)), 100.0}, {at_node(node_of(g, 4)), 300.0},
                      {at_node(node_of(g, 8)), 50.0},  // island: reaches nothing
                      {graph::SnapAnchors{}, 70.0}};  // unsnapped
        in.destinations = {{at_node(node_of(g, 2)), 10.0, 0}, {at_node(node_of(g, 3)), 20.0, 0}};
        in.measures = parse_measures(spec);
    }
    std::size_t col(const AccessResult& r, const std::string& name) const {
        for (std::size_t c = 0; c < r.columns.size(); ++c) {
            if (r.columns[c].name == name) return c;
        }
        ADD_FAILURE() << "no column " << name;
        return 0;
    }
};
}  // namespace

TEST(AccessMeasures, CostAndCumulativeMeasuresByHand) {
    Fixture f("nearest,nth:2,cumulative:1.5|3,jts:1.5");
    const auto r = run_access(f.in);
    EXPECT_DOUBLE_EQ(r.value(0, f.col(r, "svc_nearest_min")), 1.0);
    EXPECT_DOUBLE_EQ(r.value(1, f.col(r, "svc_nearest_min")), 1.0);
    EXPECT_DOUBLE_EQ(r.value(0, f.col(r, "svc_nth2_min")), 2.0);
    EXPECT_DOUBLE_EQ(r.value(0, f.col(r, "svc_cum1p5")), 10.0);
    EXPECT_DOUBLE_EQ(r.value(1, f.col(r, "svc_cum1p5")), 20.0);
    EXPECT_DOUBLE_EQ(r.value(1, f.col(r, "svc_cum3")), 30.0);
    EXPECT_DOUBLE_EQ(r.value(0, f.col(r, "svc_jts_amt_min")), 1.0);
    EXPECT_DOUBLE_EQ(r.value(0, f.col(r, "svc_jts_dest1p5")), 1.0);
    EXPECT_DOUBLE_EQ(r.value(0, f.col(r, "svc_jts_orig1p5")), 1.0);
    // The island origin is snapped but reaches nothing: costs are NULL, counts are 0.
    EXPECT_EQ(r.status[2], OriginStatus::Unreachable);
    EXPECT_TRUE(std::isnan(r.value(2, f.col(r, "svc_nearest_min"))));
    EXPECT_TRUE(std::isnan(r.value(2, f.col(r, "svc_jts_amt_min"))));
    EXPECT_DOUBLE_EQ(r.value(2, f.col(r, "svc_cum3")), 0.0);
    EXPECT_DOUBLE_EQ(r.value(2, f.col(r, "svc_jts_dest1p5")), 0.0);
    // The unsnapped origin has no values at all.
    EXPECT_EQ(r.status[3], OriginStatus::Unsnapped);
    for (std::size_t c = 0; c < r.columns.size(); ++c) EXPECT_TRUE(std::isnan(r.value(3, c)));
}

TEST(AccessMeasures, JtsOriginIndicatorIsCappedAtTen) {
    Fixture f("jts:5");
    f.in.destinations.clear();
    for (int k = 0; k < 14; ++k) f.in.destinations.push_back({at_node(node_of(f.g, 2)), 1.0, 0});
    const auto r = run_access(f.in);
    EXPECT_DOUBLE_EQ(r.value(0, f.col(r, "svc_jts_orig5")), 10.0);
}

TEST(AccessMeasures, HansenDecaysByHand) {
    Fixture f("hansen:exp:0.5,hansen:pow:2,hansen:lin:4,hansen:logistic:1.5:0.5,hansen_passive:exp:0.5");
    const auto r = run_access(f.in);
    EXPECT_NEAR(r.value(0, 0), 10 * std::exp(-0.5) + 20 * std::exp(-1.0), 1e-12);
    EXPECT_NEAR(r.value(1, 0), 10 * std::exp(-1.0) + 20 * std::exp(-0.5), 1e-12);
    EXPECT_NEAR(r.value(0, 1), 10 * 1.0 + 20 * 0.25, 1e-12);  // power: c^-2 with c >= 1
    EXPECT_NEAR(r.value(0, 2), 10 * 0.75 + 20 * 0.5, 1e-12);
    auto logistic = [](double c) { return 1.0 / (1.0 + std::exp((c - 1.5) / 0.5)); };
    EXPECT_NEAR(r.value(0, 3), 10 * logistic(1) + 20 * logistic(2), 1e-12);
    // Passive: population that reaches each destination, decayed.
    ASSERT_EQ(r.destination_columns.size(), 1u);
    EXPECT_NEAR(r.destination_values[0], 100 * std::exp(-0.5) + 300 * std::exp(-1.0), 1e-9);
    EXPECT_NEAR(r.destination_values[1], 100 * std::exp(-1.0) + 300 * std::exp(-0.5), 1e-9);
}

TEST(AccessMeasures, TwoStepFloatingCatchmentByHand) {
    Fixture f("2sfca:1.5,2sfca:3");
    const auto r = run_access(f.in);
    EXPECT_NEAR(r.value(0, 0), 10.0 / 100.0, 1e-12);  // J1 serves only O1 within 1.5 min
    EXPECT_NEAR(r.value(1, 0), 20.0 / 300.0, 1e-12);
    EXPECT_NEAR(r.value(0, 1), 10.0 / 400 + 20.0 / 400, 1e-12);
    EXPECT_DOUBLE_EQ(r.value(2, 0), 0.0);  // reaches no supply: 0 per person
}

TEST(AccessMeasures, BalancedFcaByHandAndItsConservationLaws) {
    Fixture f("bfca:bin:3");
    const auto r = run_access(f.in);
    // f = 1 everywhere within 3 min: row sums 2, demand 200 at each J, column sums 2.
    EXPECT_NEAR(r.value(0, 0), (10.0 / 200 + 20.0 / 200) / 2, 1e-12);
    EXPECT_NEAR(r.value(1, 0), (10.0 / 200 + 20.0 / 200) / 2, 1e-12);
    EXPECT_NEAR(r.destination_values[0], 10.0 / 200, 1e-12);
}

// The supply-preserving kind: row-normalised f in both steps. A third destination at A
// makes row sums differ between origins (F_A = 2.25, F_D = 1.5) while every column sum is
// 1.25, so it and Paez's BFCA give different values here.
TEST(AccessMeasures, SupplyPreservingBalancedFcaByHand) {
    Fixture f("bfca_supply:lin:4,bfca:lin:4");
    f.in.destinations.push_back({at_node(node_of(f.g, 1)), 5.0, 0});
    const auto r = run_access(f.in);
    // f(c) = 1 - c/4: from A the costs to J1, J2, J3 are 1, 2, 0; from D they are 2, 1, 3.
    const double fa1 = 0.75, fa2 = 0.5, fa3 = 1.0, fd1 = 0.5, fd2 = 0.75, fd3 = 0.25;
    const double Fa = fa1 + fa2 + fa3, Fd = fd1 + fd2 + fd3;
    const double r1 = 10.0 / (100 * fa1 / Fa + 300 * fd1 / Fd);
    const double r2 = 20.0 / (100 * fa2 / Fa + 300 * fd2 / Fd);
    const double r3 = 5.0 / (100 * fa3 / Fa + 300 * fd3 / Fd);
    const double a_a = (r1 * fa1 + r2 * fa2 + r3 * fa3) / Fa;
    const double a_d = (r1 * fd1 + r2 * fd2 + r3 * fd3) / Fd;
    const auto supply = f.col(r, "svc_bfca_supply_lin_4");
    EXPECT_NEAR(r.value(0, supply), a_a, 1e-12);
    EXPECT_NEAR(r.value(1, supply), a_d, 1e-12);
    EXPECT_NEAR(100 * r.value(0, supply) + 300 * r.value(1, supply), 35.0, 1e-9);  // Σ P_i A_i = Σ O_j
    EXPECT_DOUBLE_EQ(r.value(2, supply), 0.0);  // the island reaches no supply
    EXPECT_NEAR(r.destination_values[0 * 2 + 0], r1, 1e-12);  // bfca_supply_ratio, destination J1
    // Paez's demand step divides by the column sums G_j = 1.25 instead.
    const auto paez = f.col(r, "svc_bfca_lin_4");
    EXPECT_NEAR(r.value(0, paez), (r1 * fa1 + r2 * fa2 + r3 * fa3) / 1.25, 1e-12);
    EXPECT_GT(std::abs(r.value(0, paez) - r.value(0, supply)), 1e-3);
}

namespace {
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                         boost::property<boost::edge_weight_t, double>>;

// A random instance with origins and destinations at nodes.
struct RandomCase {
    graph::RoadGraph g;
    AccessInputs in;
    std::vector<std::vector<double>> cost_min;  // brute force: origins x destinations, inf = unreachable
    explicit RandomCase(std::uint64_t seed, const std::string& spec) {
        g = test::random_graph(400, 2.5, 60000, seed);  // up to one minute per edge
        std::mt19937_64 rng(seed + 1);
        in.graph = &g;
        in.services = {"a", "b"};
        for (int i = 0; i < 60; ++i) in.origins.push_back({at_node(rng() % 400), double(1 + rng() % 500)});
        for (int j = 0; j < 40; ++j) in.destinations.push_back({at_node(rng() % 400), double(1 + rng() % 20), std::uint32_t(j % 2)});
        in.measures = parse_measures(spec);
        BoostGraph b(g.node_count());
        for (NodeId u = 0; u < g.node_count(); ++u) {
            for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) boost::add_edge(u, g.head[e], double(g.time_weight[e]), b);
        }
        for (const auto& o : in.origins) {
            std::vector<double> d(g.node_count());
            boost::dijkstra_shortest_paths(b, o.at.anchors[0].node, boost::distance_map(d.data()));
            std::vector<double> row;
            for (const auto& dest : in.destinations) {
                const double w = d[dest.at.anchors[0].node];
                row.push_back(w >= std::numeric_limits<double>::max() / 2 ? INFINITY : w * g.time_unit_s / 60.0);
            }
            cost_min.push_back(row);
        }
    }
};
}  // namespace

// 2SFCA with a binary catchment against a brute force over the full cost matrix.
TEST(AccessMeasures, TwoStepBinaryMatchesBruteForce) {
    for (std::uint64_t seed : {3u, 17u, 42u}) {
        RandomCase c(test::test_seed(seed), "2sfca:4,cumulative:2|4,nearest,nth:3");
        const auto r = run_access(c.in);
        const double T = 4.0;
        std::vector<double> demand(c.in.destinations.size(), 0.0);
        for (std::size_t i = 0; i < c.in.origins.size(); ++i) {
            for (std::size_t j = 0; j < demand.size(); ++j) {
                if (c.cost_min[i][j] <= T) demand[j] += c.in.origins[i].population;
            }
        }
        double total_pa = 0, total_supply = 0;
        for (std::size_t i = 0; i < c.in.origins.size(); ++i) {
            for (std::uint32_t s = 0; s < 2; ++s) {
                double a = 0, cum2 = 0, nearest = INFINITY;
                std::vector<double> costs;
                for (std::size_t j = 0; j < demand.size(); ++j) {
                    if (c.in.destinations[j].service != s) continue;
                    if (c.cost_min[i][j] <= T) a += c.in.destinations[j].weight / demand[j];
                    if (c.cost_min[i][j] <= 2) cum2 += c.in.destinations[j].weight;
                    nearest = std::min(nearest, c.cost_min[i][j]);
                    if (std::isfinite(c.cost_min[i][j])) costs.push_back(c.cost_min[i][j]);
                }
                std::sort(costs.begin(), costs.end());
                const std::string svc = s == 0 ? "a_" : "b_";
                const auto column = [&](const std::string& name) {
                    for (std::size_t k = 0; k < r.columns.size(); ++k) {
                        if (r.columns[k].name == svc + name) return k;
                    }
                    ADD_FAILURE() << "no column " << svc + name;
                    return std::size_t{0};
                };
                const double got = r.value(i, column("2sfca_bin_4"));
                EXPECT_NEAR(got, a, 1e-9 * std::max(1.0, a)) << "seed " << seed << " origin " << i;
                EXPECT_DOUBLE_EQ(r.value(i, column("cum2")), cum2);
                // The search stops at the third nearest of each service: values must not change.
                if (std::isfinite(nearest) && nearest <= r.search_limit_min) {
                    EXPECT_NEAR(r.value(i, column("nearest_min")), nearest, 1e-9);
                }
                if (costs.size() >= 3 && costs[2] <= r.search_limit_min) {
                    EXPECT_NEAR(r.value(i, column("nth3_min")), costs[2], 1e-9);
                } else {
                    EXPECT_TRUE(std::isnan(r.value(i, column("nth3_min"))));
                }
                total_pa += c.in.origins[i].population * got;
            }
        }
        for (std::size_t j = 0; j < demand.size(); ++j) {
            if (demand[j] > 0) total_supply += c.in.destinations[j].weight;
        }
        // Σ P_i A_i = Σ O_j over the supply that somebody reaches.
        EXPECT_NEAR(total_pa, total_supply, 1e-9 * total_supply);
    }
}

// BFCA (Paez et al. 2019) allocates each origin's population once across its reachable
// destinations and each destination's level of service once across its origins, so both
// totals are preserved: Σ_j demand_j = Σ_i P_i and Σ_i A_i = Σ_j R_j.
TEST(AccessMeasures, BalancedFcaPreservesPopulationAndLevelOfService) {
    RandomCase c(test::test_seed(7), "bfca:exp:0.3:max=5");
    c.in.services = {"a"};
    for (auto& d : c.in.destinations) d.service = 0;
    const auto r = run_access(c.in);
    const Decay f = parse_decay("exp:0.3:max=5");
    double pop_reaching = 0.0, sum_ratio = 0.0, sum_access = 0.0, demand_total = 0.0;
    for (std::size_t i = 0; i < c.in.origins.size(); ++i) {
        bool reaches = false;
        for (std::size_t j = 0; j < c.in.destinations.size(); ++j) reaches = reaches || f(c.cost_min[i][j]) > 0;
        if (reaches) pop_reaching += c.in.origins[i].population;
        sum_access += r.value(i, 0);
    }
    for (std::size_t j = 0; j < c.in.destinations.size(); ++j) {
        const double rj = r.destination_values[j];
        if (std::isnan(rj)) continue;
        sum_ratio += rj;
        demand_total += c.in.destinations[j].weight / rj;
    }
    EXPECT_NEAR(demand_total, pop_reaching, 1e-6 * pop_reaching);
    EXPECT_NEAR(sum_access, sum_ratio, 1e-9 * sum_ratio);
}

// The issue's and metrics.md's invariant, Σ_i P_i A_i = Σ_j O_j over the supply somebody
// reaches, holds for the supply-preserving kind of balanced FCA on random graphs.
TEST(AccessMeasures, SupplyPreservingBalancedFcaPreservesTotalSupply) {
    for (int k = 0; k < 5; ++k) {
        const auto seed = test::test_seed(31 + k);
        RandomCase c(seed, "bfca_supply:exp:0.3:max=5");
        c.in.services = {"a"};
        for (auto& d : c.in.destinations) d.service = 0;
        const auto r = run_access(c.in);
        const Decay f = parse_decay("exp:0.3:max=5");
        double total_pa = 0.0, total_supply = 0.0;
        for (std::size_t i = 0; i < c.in.origins.size(); ++i) total_pa += c.in.origins[i].population * r.value(i, 0);
        for (std::size_t j = 0; j < c.in.destinations.size(); ++j) {
            bool reached = false;
            for (std::size_t i = 0; i < c.in.origins.size(); ++i) {
                reached = reached || (c.in.origins[i].population > 0 && f(c.cost_min[i][j]) > 0);
            }
            if (reached) total_supply += c.in.destinations[j].weight;
        }
        ASSERT_GT(total_supply, 0.0) << "seed " << seed;
        EXPECT_NEAR(total_pa, total_supply, 1e-9 * total_supply) << "seed " << seed;
    }
}

// PHAST through a contraction hierarchy and the early-stopping Dijkstra must agree on every
// measure: costs and counts exactly, sums to the last few bits (they add in another order).
TEST(AccessEngine, PhastAndDijkstraGiveTheSameMeasures) {
    for (int k = 0; k < 4; ++k) {
        const auto seed = test::test_seed(41 + k);
        RandomCase c(seed, "nearest,nth:3,cumulative:1|3,jts:2|4,hansen:exp:0.2,hansen:lin:3,2sfca:exp:0.2:max=4,"
                           "bfca:exp:0.2:max=4,bfca_supply:exp:0.2:max=4,hansen_passive:lin:3");
        c.in.engine = SearchEngine::Dijkstra;
        const auto dijkstra = run_access(c.in);
        c.in.engine = SearchEngine::Phast;
        const auto phast = run_access(c.in);
        ASSERT_EQ(dijkstra.engine_used, SearchEngine::Dijkstra);
        ASSERT_EQ(phast.engine_used, SearchEngine::Phast);
        ASSERT_EQ(dijkstra.values.size(), phast.values.size());
        EXPECT_EQ(dijkstra.status, phast.status) << "seed " << seed;
        std::size_t non_null = 0;
        for (std::size_t v = 0; v < dijkstra.values.size(); ++v) {
            const double a = dijkstra.values[v], b = phast.values[v];
            if (std::isnan(a) || std::isnan(b)) {
                EXPECT_EQ(std::isnan(a), std::isnan(b)) << "seed " << seed << " value " << v;
                continue;
            }
            ++non_null;
            const auto& column = dijkstra.columns[v % dijkstra.columns.size()].name;
            if (column.find("hansen") == std::string::npos && column.find("fca") == std::string::npos) {
                EXPECT_EQ(a, b) << "seed " << seed << " column " << column;  // costs and counts: to the bit
            } else {
                EXPECT_NEAR(a, b, 1e-12 * std::max(1.0, std::abs(a))) << "seed " << seed << " column " << column;
            }
        }
        EXPECT_GT(non_null, dijkstra.values.size() / 2);
        for (std::size_t v = 0; v < dijkstra.destination_values.size(); ++v) {
            const double a = dijkstra.destination_values[v], b = phast.destination_values[v];
            EXPECT_EQ(std::isnan(a), std::isnan(b));
            if (!std::isnan(a)) {
                EXPECT_NEAR(a, b, 1e-12 * std::max(1.0, std::abs(a)));
            }
        }
        // A cut-off short enough that many searches end early and some origins reach nothing.
        c.in.measures = parse_measures("nearest,cumulative:0.5");
        c.in.unbounded_limit_min = 0.7;
        c.in.engine = SearchEngine::Dijkstra;
        const auto d2 = run_access(c.in);
        c.in.engine = SearchEngine::Phast;
        const auto p2 = run_access(c.in);
        EXPECT_EQ(d2.status, p2.status);
        for (std::size_t v = 0; v < d2.values.size(); ++v) {
            EXPECT_EQ(std::isnan(d2.values[v]), std::isnan(p2.values[v]));
            if (!std::isnan(d2.values[v])) {
                EXPECT_DOUBLE_EQ(d2.values[v], p2.values[v]);
            }
        }
    }
}

// The OD matrix (every pair within the limit) is the same from both engines.
TEST(AccessEngine, PhastAndDijkstraGiveTheSameOdMatrix) {
    RandomCase c(test::test_seed(47), "nearest,cumulative:2");
    c.in.keep_od = true;
    c.in.unbounded_limit_min = 3.0;
    c.in.engine = SearchEngine::Dijkstra;
    const auto dijkstra = run_access(c.in);
    c.in.engine = SearchEngine::Phast;
    const auto phast = run_access(c.in);
    ASSERT_EQ(dijkstra.od.size(), phast.od.size());
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < dijkstra.od.size(); ++i) {
        ASSERT_EQ(dijkstra.od[i].size(), phast.od[i].size()) << "origin " << i;
        for (std::size_t k = 0; k < dijkstra.od[i].size(); ++k) {
            EXPECT_EQ(dijkstra.od[i][k].destination, phast.od[i][k].destination);
            EXPECT_EQ(dijkstra.od[i][k].cost_min, phast.od[i][k].cost_min);
            EXPECT_LE(phast.od[i][k].cost_min, 3.0);
        }
        pairs += phast.od[i].size();
    }
    EXPECT_GT(pairs, 100u);
}

// Auto keeps Dijkstra for small jobs: a hierarchy would not repay its build.
TEST(AccessEngine, AutoChoosesDijkstraForSmallJobs) {
    RandomCase c(test::test_seed(3), "nearest");
    EXPECT_EQ(run_access(c.in).engine_used, SearchEngine::Dijkstra);
}

TEST(AccessEngine, IdenticalOutputForAnyThreadCount) {
    RandomCase c(test::test_seed(11), "nearest,nth:3,cumulative:1|3,jts:2,hansen:exp:0.2,2sfca:exp:0.2:max=4,bfca:exp:0.2:max=4,bfca_supply:exp:0.2:max=4,hansen_passive:lin:3");
    for (int k = 0; k < 200; ++k) c.in.origins.push_back(c.in.origins[k % 60]);
    for (auto engine : {SearchEngine::Dijkstra, SearchEngine::Phast}) {
        c.in.engine = engine;
        AccessResult one, two;
        tbb::task_arena(1).execute([&] { one = run_access(c.in); });
        tbb::task_arena(2).execute([&] { two = run_access(c.in); });
        ASSERT_EQ(one.values.size(), two.values.size());
        for (std::size_t k = 0; k < one.values.size(); ++k) {
            if (std::isnan(one.values[k])) {
                EXPECT_TRUE(std::isnan(two.values[k]));
            } else {
                EXPECT_EQ(one.values[k], two.values[k]) << k;  // bitwise, not approximately
            }
        }
        for (std::size_t k = 0; k < one.destination_values.size(); ++k) {
            if (!std::isnan(one.destination_values[k])) {
                EXPECT_EQ(one.destination_values[k], two.destination_values[k]);
            }
        }
    }
}

TEST(AccessAggregate, WeightsByPopulationAndCountsStates) {
    Fixture f("nearest,cumulative:1.5");
    f.in.destinations[1].weight = 20;
    const auto r = run_access(f.in);
    const std::vector<double> pop = {100, 300, 50, std::nan("")};
    const auto t = aggregate(r, pop, {0, 0, 0, 0}, 1);
    EXPECT_DOUBLE_EQ(t.population[0], 450);
    EXPECT_EQ(t.origins[0], 4u);
    EXPECT_EQ(t.unsnapped[0], 1u);
    EXPECT_EQ(t.unreachable[0], 1u);
    EXPECT_EQ(t.population_missing[0], 1u);
    EXPECT_DOUBLE_EQ(t.value(0, 0), 1.0);  // nearest over reachable origins only
    EXPECT_DOUBLE_EQ(t.value(0, 1), (100 * 10 + 300 * 20 + 50 * 0) / 450.0);
    // Two groups, and one origin left out.
    const auto t2 = aggregate(r, pop, {0, 1, -1, 1}, 2);
    EXPECT_DOUBLE_EQ(t2.value(0, 1), 10.0);
    EXPECT_DOUBLE_EQ(t2.value(1, 1), 20.0);
    EXPECT_EQ(t2.origins[1], 2u);
}

TEST(MeasureSpec, ParsesTheIssueExampleAndRejectsNonsense) {
    const auto m = parse_measures("nearest,nth:3,cumulative:15|30|45|60,jts:15|30|45|60,hansen:exp:0.08,2sfca:30,bfca:exp:0.08");
    ASSERT_EQ(m.size(), 7u);
    EXPECT_EQ(m[1].n, 3);
    EXPECT_EQ(m[2].times_min.size(), 4u);
    EXPECT_EQ(m[5].decay.kind, DecayKind::Binary);
    EXPECT_DOUBLE_EQ(m[5].decay.threshold_min, 30);
    EXPECT_EQ(search_limit_min(parse_measures("cumulative:15|30"), 180), 30);
    EXPECT_EQ(search_limit_min(parse_measures("hansen:exp:0.1"), 180), 180);
    EXPECT_EQ(search_limit_min(parse_measures("hansen:exp:0.1:max=45"), 180), 45);
    EXPECT_THROW(parse_measures("nearest,frobnicate"), ConfigError);
    EXPECT_THROW(parse_measures("cumulative:15|x"), ConfigError);
    EXPECT_THROW(parse_measures("nth:0"), ConfigError);
    EXPECT_THROW(parse_measures("hansen:exp"), ConfigError);
}
