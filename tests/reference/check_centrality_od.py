"""centrality --od and --criticality against a brute force written here, on Rutland.

Fourteen places sit exactly on two-way nodes. The reference, from the exported graph
alone (times in whole milliseconds, parallel edges kept as separate paths):
- gravity demand P_a P_b / max(1, t_ab in minutes) for every ordered pair;
- OD-weighted edge betweenness: per origin, a Dijkstra that counts shortest paths
  (sigma), then each pair's demand split over the shortest-path DAG in proportion to
  path counts (Brandes' accumulation, targets weighted by demand);
- network criticality: each listed road (a link, or two one-way links paired as
  midlink's physical roads are) closed both ways in an igraph copy; the demand-weighted
  added minutes, the share of the base demand-weighted time, the disconnected demand and
  the pairs affected.
"""
import heapq
import math
from collections import defaultdict

import igraph

import midlink_ref as ref

PLACES = 14
CRITICALITY = 8


def dijkstra_sigma(n, out_edges, edges, source):
    dist = [math.inf] * n
    sigma = [0.0] * n
    dist[source], sigma[source] = 0, 1.0
    order, heap, done = [], [(0, source)], [False] * n
    while heap:
        d, u = heapq.heappop(heap)
        if done[u]:
            continue
        done[u] = True
        order.append(u)
        for e in out_edges[u]:
            _, v, w = edges[e]
            if d + w < dist[v]:
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    for u in order:  # settled order is a topological order of the shortest-path DAG
        for e in out_edges[u]:
            _, v, w = edges[e]
            if v != u and dist[u] + w == dist[v]:
                sigma[v] += sigma[u]
    return dist, sigma, order


def physical_roads(x):
    """road id per edge: a link's edges, with one-way links between the same two nodes
    paired in opposite directions (the i-th forward with the i-th backward, by edge id)"""
    directions = defaultdict(int)
    for e in x.edges:
        if e["from_node"] != e["to_node"]:
            directions[e["link_id"]] |= 1 if e["from_node"] < e["to_node"] else 2
    road_of_link = {}
    singles = defaultdict(lambda: ([], []))
    for e in sorted(x.edges, key=lambda e: e["edge_id"]):
        if directions[e["link_id"]] in (1, 2) and e["link_id"] not in road_of_link:
            a, b = sorted((e["from_node"], e["to_node"]))
            singles[a, b][0 if e["from_node"] < e["to_node"] else 1].append(e["link_id"])
            road_of_link[e["link_id"]] = e["link_id"]
    for fwd, bwd in singles.values():
        for f, b in zip(fwd, bwd):
            road_of_link[b] = road_of_link[f]
    return {e["edge_id"]: road_of_link.get(e["link_id"], e["link_id"]) for e in x.edges}


def body(check):
    graph = ref.rutland_graph(check)
    x = ref.ExportedGraph(check, graph, "rutland")
    places = check.rng.sample(x.two_way_nodes(), PLACES)
    pop = {p: check.rng.randint(1000, 40000) for p in places}
    pcsv = check.out("places.csv")
    x.write_points(pcsv, "p", places, population=pop)
    out = check.out("od.gpkg")
    check.run("centrality", graph, "--od", pcsv, "--criticality", CRITICALITY, "-o", out)

    nodes = sorted(x.key)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[e["from_node"]], index[e["to_node"]], round(e["time_s"] * 1000)) for e in x.edges]
    out_edges = [[] for _ in nodes]
    in_edges = [[] for _ in nodes]
    for i, (u, v, _) in enumerate(edges):
        out_edges[u].append(i)
        in_edges[v].append(i)

    edge_bc = [0.0] * len(edges)
    demand = {}
    base = {}
    for a in places:
        dist, sigma, order = dijkstra_sigma(len(nodes), out_edges, edges, index[a])
        target = defaultdict(float)
        for b in places:
            if b == a or dist[index[b]] == math.inf:
                continue
            t = dist[index[b]]
            demand[a, b] = pop[a] * pop[b] / max(1.0, t / 60000.0)
            base[a, b] = t
            target[index[b]] += demand[a, b]
        delta = [0.0] * len(nodes)
        for v in reversed(order):
            total = target[v] + delta[v]
            if total == 0.0:
                continue
            for e in in_edges[v]:
                u, _, w = edges[e]
                if u != v and dist[u] + w == dist[v]:
                    credit = sigma[u] / sigma[v] * total
                    edge_bc[e] += credit
                    delta[u] += credit
    got = {r["edge_id"]: r["betweenness"] for r in ref.gpkg_rows(out, "edges")}
    scale = max(edge_bc)
    for i, e in enumerate(x.edges):
        check.expect_close(f"edge {e['edge_id']} OD betweenness", got.get(e["edge_id"]), edge_bc[i], rel=1e-9,
                           abs_tol=1e-9 * scale)

    # criticality: every listed road closed in an igraph copy
    road = physical_roads(x)
    ms = [w for _, _, w in edges]
    base_total = sum(demand[p] * base[p] / 1000.0 for p in demand)
    rows = ref.gpkg_rows(out, "network_criticality")
    check.expect("criticality rows", len(rows) > 0, str(len(rows)))
    for r in rows:
        closed = road[r["edge_id"]]
        keep = [i for i, e in enumerate(x.edges) if road[e["edge_id"]] != closed]
        g = igraph.Graph(n=len(nodes), edges=[edges[i][:2] for i in keep], directed=True)
        after = g.distances(source=[index[p] for p in places], target=[index[p] for p in places],
                            weights=[ms[i] for i in keep])
        inc = lost = 0.0
        affected = 0
        for i, a in enumerate(places):
            for j, b in enumerate(places):
                if (a, b) not in demand:
                    continue
                t = after[i][j]
                if t == math.inf:
                    lost += demand[a, b]
                    affected += 1
                elif t > base[a, b]:
                    inc += demand[a, b] * (t - base[a, b]) / 1000.0
                    affected += 1
        what = f"closing road of edge {r['edge_id']}"
        check.expect_close(f"{what} weighted_increase_min", r["weighted_increase_min"], inc / 60.0, rel=1e-9,
                           abs_tol=1e-9)
        check.expect_close(f"{what} increase_pct", r["increase_pct"], 100.0 * inc / base_total, rel=1e-9, abs_tol=1e-12)
        check.expect_close(f"{what} disconnected_demand", r["disconnected_demand"], lost, rel=1e-9, abs_tol=1e-9)
        check.expect_close(f"{what} pairs_affected", r["pairs_affected"], affected, rel=0)


if __name__ == "__main__":
    ref.main("centrality_od", body)
