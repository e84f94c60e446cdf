"""corridors against igraph and networkx, on Rutland (car and HGV graphs).

Waypoints and places sit exactly on two-way nodes, so every time is node to node.
- route: corridor time against networkx Dijkstra between the waypoint nodes;
  straight_km and circuity from the coordinates.
- alternatives (Yen): midlink runs them between the junctions where the route joins and
  leaves the network. The reference tries the waypoint node and each neighbour on a
  shortest path at either end, and the k times must equal igraph's
  get_k_shortest_paths (an independent Yen) for one of those junction pairs.
- critical links: closing each listed link (both directions) in a networkx copy gives
  the listed time increase between the same junctions, or a disconnection.
- disjoint alternative and redundancy: a second run lists every route link as a critical
  link (--top large); closing all of them at once in a networkx copy gives the disjoint
  alternative's time, and that over the route's time is the redundancy.
- HGV comparison: hgv_time_min against networkx on the HGV graph, nodes matched by OSM id.
- east-west discovery: every pair of places is brute-forced here: bearing, angle from
  east-west, straight km, the filter, time west to east, gravity P_w P_e / max(1, t),
  and the ranking.
"""
import math

import igraph
import networkx as nx

import midlink_ref as ref

K = 3


def body(check):
    car = ref.rutland_graph(check)
    hgv = ref.graph_build(check, "rutland-hgv", "--network",
                          check.data("osm-rutland-pydriosm/rutland-latest.osm.pbf"), "--profile", "hgv")
    x = ref.ExportedGraph(check, car, "rutland")
    hx = ref.ExportedGraph(check, hgv, "rutland-hgv")
    hgv_two_way = {hx.key[n] for n in hx.two_way_nodes()}
    nodes = [n for n in x.two_way_nodes() if x.key[n] in hgv_two_way]

    # corridors at least 8 km apart, end to end
    corridors = []
    while len(corridors) < 4:
        a, b = check.rng.sample(nodes, 2)
        if math.dist(x.xy[a], x.xy[b]) > 8000:
            corridors.append((f"c{len(corridors)}", a, b))
    places = check.rng.sample(nodes, 14)
    pop = {p: check.rng.randint(1000, 50000) for p in places}
    yaml, pcsv = check.out("corridors.yaml"), check.out("places.csv")
    with open(yaml, "w") as f:
        f.write("corridors:\n")
        for name, a, b in corridors:
            f.write(f"  - name: {name}\n    waypoints:\n"
                    f"      - {{name: A, x: {x.xy[a][0]!r}, y: {x.xy[a][1]!r}}}\n"
                    f"      - {{name: B, x: {x.xy[b][0]!r}, y: {x.xy[b][1]!r}}}\n")
    with open(pcsv, "w") as f:
        f.write("name,x,y,population\n")
        for p in places:
            f.write(f"p{p},{x.xy[p][0]!r},{x.xy[p][1]!r},{pop[p]}\n")
    out = check.out("corridors.gpkg")
    check.run("corridors", car, "--corridors", yaml, "--hgv-graph", hgv, "--places", pcsv, "--min-km", 4,
              "--max-angle", 30, "--discover", 0, "--k", K, "-o", out)

    g = x.digraph("time_s")
    hg = hx.digraph("time_s")
    rows = {r["name"]: r for r in ref.gpkg_rows(out, "corridors")}
    alts = ref.gpkg_rows(out, "alternatives")
    crit = ref.gpkg_rows(out, "critical_links")
    edge_by_id = {e["edge_id"]: e for e in x.edges}

    nodes_all = sorted(x.key)
    index = {n: i for i, n in enumerate(nodes_all)}
    ig = igraph.Graph(n=len(nodes_all), edges=[(index[e["from_node"]], index[e["to_node"]]) for e in x.edges],
                      directed=True)
    ms = [round(e["time_s"] * 1000) for e in x.edges]

    for name, a, b in corridors:
        row = rows.get(name)
        if not check.expect(f"corridor {name} row", row is not None and row["status"] == "ok", str(row)):
            continue
        da = nx.single_source_dijkstra_path_length(g, a, weight="w")
        db = nx.single_source_dijkstra_path_length(g.reverse(copy=False), b, weight="w")
        check.expect_close(f"{name} time_min", row["time_min"], da[b] / 60.0, rel=1e-9, abs_tol=1e-5)
        straight = math.dist(x.xy[a], x.xy[b]) / 1000.0
        check.expect_close(f"{name} straight_km", row["straight_km"], straight, rel=1e-9)
        check.expect_close(f"{name} circuity", row["circuity"], row["distance_km"] / straight, rel=1e-9)
        ha, hb = hx.node_of_key[x.key[a]], hx.node_of_key[x.key[b]]
        try:
            hgv_min = nx.dijkstra_path_length(hg, ha, hb, weight="w") / 60.0
        except nx.NetworkXNoPath:
            hgv_min = None
        check.expect_close(f"{name} hgv_time_min", row["hgv_time_min"], hgv_min, rel=1e-9, abs_tol=1e-5)

        # the junction pair that reproduces midlink's Yen list
        starts = [a] + [w for w in g.successors(a) if math.isclose(g[a][w]["w"] + db.get(w, math.inf), db[a])]
        ends = [b] + [w for w in g.predecessors(b) if math.isclose(da.get(w, math.inf) + g[w][b]["w"], da[b])]
        want = sorted(r["time_min"] for r in alts if r["corridor"] == name and r["kind"] == "yen")
        match = None
        for s in starts:
            for t in ends:
                paths = ig.get_k_shortest_paths(index[s], to=index[t], k=K, weights=ms, output="epath")
                times = sorted(sum(ms[e] for e in p) / 60000.0 for p in paths)
                if len(times) == len(want) and all(math.isclose(p, q, rel_tol=1e-9, abs_tol=1e-6)
                                                   for p, q in zip(times, want)):
                    match = (s, t)
                    break
            if match:
                break
        check.expect(f"{name}: Yen times {want} equal igraph's k shortest paths between the route's junctions",
                     match is not None)
        if not match:
            continue
        s, t = match
        base = nx.dijkstra_path_length(g, s, t, weight="w")
        for r in (r for r in crit if r["corridor"] == name):
            link = edge_by_id[r["edge_id"]]["link_id"]
            closed = [(e["from_node"], e["to_node"]) for e in x.edges if e["link_id"] == link]
            h = x.digraph("time_s")
            h.remove_edges_from(closed)
            # a parallel edge of another link between the same nodes stays open
            for e in x.edges:
                if e["link_id"] != link and (e["from_node"], e["to_node"]) in closed and e["from_node"] != e["to_node"]:
                    u, v = e["from_node"], e["to_node"]
                    if not h.has_edge(u, v) or h[u][v]["w"] > e["time_s"]:
                        h.add_edge(u, v, w=e["time_s"])
            try:
                inc = (nx.dijkstra_path_length(h, s, t, weight="w") - base) / 60.0
            except nx.NetworkXNoPath:
                inc = None
            check.expect(f"{name} link {link} disconnects", bool(r["disconnects"]) == (inc is None))
            check.expect_close(f"{name} link {link} time_increase_min", r["time_increase_min"], inc, rel=1e-9,
                               abs_tol=1e-5)

    check_disjoint(check, car, x, g, yaml, corridors, rows)

    # east-west discovery by brute force over every pair of places
    pairs = []
    for i, p in enumerate(places):
        for q in places[i + 1:]:
            w, e = (p, q) if x.xy[p][0] <= x.xy[q][0] else (q, p)
            (wx, wy), (ex, ey) = x.xy[w], x.xy[e]
            bearing = math.degrees(math.atan2(ex - wx, ey - wy))
            angle = abs(bearing - 90.0)
            straight = math.hypot(ex - wx, ey - wy) / 1000.0
            if angle > 30 or straight < 4:
                continue
            try:
                t = nx.dijkstra_path_length(g, w, e, weight="w") / 60.0
            except nx.NetworkXNoPath:
                t = nx.dijkstra_path_length(g, e, w, weight="w") / 60.0
            pairs.append((f"p{w}", f"p{e}", bearing, angle, straight, t, pop[w] * pop[e] / max(1.0, t)))
    got = sorted(ref.gpkg_rows(out, "discovered_pairs"), key=lambda r: r["rank"])
    check.expect("discovered pairs: one row per qualifying pair", len(got) == len(pairs), f"{len(got)} vs {len(pairs)}")
    want = {(p[0], p[1]): p for p in pairs}
    for r in got:
        p = want.get((r["west"], r["east"]))
        if not check.expect(f"pair {r['west']}-{r['east']} qualifies", p is not None):
            continue
        check.expect_close(f"pair {r['west']}-{r['east']} bearing", r["bearing_deg"], p[2], rel=1e-9)
        check.expect_close(f"pair {r['west']}-{r['east']} straight_km", r["straight_km"], p[4], rel=1e-9)
        check.expect_close(f"pair {r['west']}-{r['east']} time_min", r["time_min"], p[5], rel=1e-9, abs_tol=1e-5)
        check.expect_close(f"pair {r['west']}-{r['east']} gravity", r["gravity"], p[6], rel=1e-6)
    gravities = [r["gravity"] for r in got]
    check.expect("ranked by gravity", gravities == sorted(gravities, reverse=True))


def check_disjoint(check, car, x, g, yaml, corridors, rows):
    out = check.out("corridors-all-links.gpkg")
    check.run("corridors", car, "--corridors", yaml, "--k", 1, "--top", 1000000, "-o", out)
    alts = ref.gpkg_rows(out, "alternatives")
    crit = ref.gpkg_rows(out, "critical_links")
    redundancy = {r["name"]: r["redundancy"] for r in ref.gpkg_rows(out, "corridors")}
    edge_by_id = {e["edge_id"]: e for e in x.edges}
    checked = 0
    for name, a, b in corridors:
        route_edges = [edge_by_id[r["edge_id"]] for r in crit if r["corridor"] == name]
        if not route_edges:
            continue
        # the route's junctions: where its first link starts and its last link ends
        tails = {e["from_node"] for e in route_edges}
        heads = {e["to_node"] for e in route_edges}
        (s,) = tails - heads
        (t,) = heads - tails
        links = {e["link_id"] for e in route_edges}
        route_ms = sum(round(e["time_s"] * 1000) for e in route_edges)
        h = nx.DiGraph()
        h.add_nodes_from(x.key)
        for e in x.edges:
            u, v = e["from_node"], e["to_node"]
            if e["link_id"] in links or u == v:
                continue
            w = round(e["time_s"] * 1000)
            if not h.has_edge(u, v) or h[u][v]["w"] > w:
                h.add_edge(u, v, w=w)
        try:
            want = nx.dijkstra_path_length(h, s, t, weight="w")
        except nx.NetworkXNoPath:
            want = None
        got = [r["time_min"] for r in alts if r["corridor"] == name and r["kind"] == "disjoint"]
        check.expect(f"{name}: a disjoint alternative exactly when one exists", len(got) == (0 if want is None else 1),
                     f"{got} vs {want}")
        if want is not None and got:
            check.expect_close(f"{name} disjoint time_min", got[0], want / 60000.0, rel=1e-9, abs_tol=1e-6)
            check.expect_close(f"{name} redundancy", redundancy[name], want / route_ms, rel=1e-9)
            checked += 1
    check.expect("at least two corridors have a disjoint alternative to check", checked >= 2, str(checked))


if __name__ == "__main__":
    ref.main("corridors", body)
