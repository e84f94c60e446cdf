"""fibre-cost: the Steiner build network against exact optima and networkx, on Rutland.

The build network is the graph taken as undirected, with link lengths (networkx Graph
from `graph export`, cheapest link per node pair). Premises and served locations sit
exactly on two-way nodes.
- Tiny instances, two premises and two served locations (one super-terminal S): the
  optimal Steiner tree of three terminals is min over nodes v (S included) of
  d(S,v) + d(a,v) + d(b,v) (one branch node at most), computed exactly with networkx. midlink's route length must
  lie in [OPT, 2(1 - 1/l) OPT] with l = 3 (Mehlhorn's bound).
- A larger instance (60 premises): every premises' `path_to_served_m` equals the networkx
  multi-source distance to the served set; route km lies between the longest such
  distance and the weight of the minimum spanning tree of the terminals' distance
  network (the tree Mehlhorn's method never exceeds); capital = route km x cost per km +
  drop km x drop cost + connected x connection cost.
"""
import networkx as nx

import midlink_ref as ref

COST_PER_KM = 60000.0
COST_PER_PREMISES = 500.0


def undirected(x):
    g = nx.Graph()
    for e in x.edges:
        u, v, w = e["from_node"], e["to_node"], e["length_m"]
        if u != v and (not g.has_edge(u, v) or g[u][v]["w"] > w):
            g.add_edge(u, v, w=w)
    return g


def run_case(check, graph, x, premises, served, name):
    pcsv, scsv = check.out(name + "-premises.csv"), check.out(name + "-served.csv")
    for path, pts in ((pcsv, premises), (scsv, served)):
        with open(path, "w") as f:
            f.write("id,easting,northing\n")
            for n in pts:
                f.write(f"n{n},{x.xy[n][0]!r},{x.xy[n][1]!r}\n")
    out = check.out(name + ".gpkg")
    check.run("fibre-cost", graph, "--premises", pcsv, "--premises-id", "id", "--served", scsv, "--served-id", "id",
              "--cost-per-km", COST_PER_KM, "--cost-per-premises", COST_PER_PREMISES, "-o", out)
    summary = ref.read_csv(out[:-5] + "_summary.csv")[0]
    rows = {r["id"]: r for r in ref.read_csv(out[:-5] + "_premises.csv")}
    return summary, rows


def body(check):
    graph = ref.rutland_graph(check)
    x = ref.ExportedGraph(check, graph, "rutland")
    g = undirected(x)
    nodes = [n for n in x.two_way_nodes() if n in g]

    for case in range(8):
        a, b, s1, s2 = check.rng.sample(nodes, 4)
        summary, _ = run_case(check, graph, x, [a, b], [s1, s2], f"tiny{case}")
        ds = nx.multi_source_dijkstra_path_length(g, {s1, s2}, weight="w")
        da = nx.single_source_dijkstra_path_length(g, a, weight="w")
        db = nx.single_source_dijkstra_path_length(g, b, weight="w")
        # the branch point may be the super-terminal itself: a and b each to their nearest served
        opt = min(min(ds[v] + da[v] + db[v] for v in ds if v in da and v in db), ds[a] + ds[b])
        got = float(summary["route_km"]) * 1000.0
        check.expect(f"tiny{case}: route {got} m >= optimum {opt} m", got >= opt - 0.5)
        check.expect(f"tiny{case}: route {got} m <= 4/3 optimum {opt} m", got <= opt * 4.0 / 3.0 + 0.5)
        check.expect_close(f"tiny{case} connected", float(summary["connected"]), 2.0, rel=0)

    picked = check.rng.sample(nodes, 64)
    premises, served = picked[:60], picked[60:]
    summary, rows = run_case(check, graph, x, premises, served, "grid")
    to_served = nx.multi_source_dijkstra_path_length(g, set(served), weight="w")
    for p in premises:
        row = rows[f"n{p}"]
        want = to_served.get(p)
        got = ref.num(row["path_to_served_m"]) if row["status"] == "connected" else None
        check.expect_close(f"premises n{p} path_to_served_m", got, want, rel=1e-9, abs_tol=0.2)
    # distance network of the terminals (served merged into one), and its MST
    terminals = ["S"] + premises
    closure = nx.Graph()
    for i, p in enumerate(premises):
        dp = nx.single_source_dijkstra_path_length(g, p, weight="w")
        closure.add_edge("S", p, w=to_served[p])
        for q in premises[i + 1:]:
            closure.add_edge(p, q, w=dp[q])
    mst = sum(d["w"] for _, _, d in nx.minimum_spanning_edges(closure, weight="w", data=True))
    route_m = float(summary["route_km"]) * 1000.0
    lower = max(to_served[p] for p in premises)
    check.expect(f"route {route_m} m >= longest path to served {lower} m", route_m >= lower - 0.5)
    check.expect(f"route {route_m} m <= MST of the distance network {mst} m", route_m <= mst + 0.5)
    l = len(terminals)
    check.expect(f"route {route_m} m within 2(1-1/l) of the MST lower bound", route_m * 2 * (1 - 1 / l) >= mst - 0.5)
    capital = (float(summary["route_km"]) * COST_PER_KM + float(summary["drop_km"]) * COST_PER_KM
               + float(summary["connected"]) * COST_PER_PREMISES)
    check.expect_close("capital", float(summary["capital_gbp"]), capital, rel=1e-9, abs_tol=0.01)


if __name__ == "__main__":
    ref.main("fibre_cost", body)
