"""isochrone: reachable road length per band against igraph Dijkstra, on Rutland.

Origins sit exactly on two-way nodes. igraph gives every node's time from the origin
(whole milliseconds, midlink's unit). A point at fraction x of a directed edge u->v is
reached at d(u) + x t(u->v); on a two-way link the earlier of the two directions wins,
and time grows evenly along an edge. So the reachable length of a link within T minutes
is its length times the measure of {x : min over directions <= T}, and a band's
`reachable_km` is the sum over links. This is computed here from the exported graph
alone, without midlink's isochrone code.
"""
import math
from collections import defaultdict

import igraph

import midlink_ref as ref

BANDS = (4, 8, 12)  # short bands: the polygons, not the check, dominate the run time


def body(check):
    graph = ref.rutland_graph(check)
    x = ref.ExportedGraph(check, graph, "rutland")
    origins = check.rng.sample(x.two_way_nodes(), 8)
    points = check.out("iso-points.csv")
    x.write_points(points, "o", origins)
    out = check.out("iso.gpkg")
    check.run("isochrone", graph, "--points", points, "--bands", ",".join(map(str, BANDS)), "-o", out)
    got = {(r["origin_id"], int(r["band_min"])): r for r in ref.gpkg_rows(out, "bands")}

    nodes = sorted(x.key)
    index = {n: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[e["from_node"]], index[e["to_node"]]) for e in x.edges], directed=True)
    ms = [round(e["time_s"] * 1000) for e in x.edges]
    dist = g.distances(source=[index[o] for o in origins], weights=ms, mode="out")
    links = defaultdict(list)
    for e, w in zip(x.edges, ms):
        links[e["link_id"]].append((index[e["from_node"]], index[e["to_node"]], w, e["length_m"]))

    for i, o in enumerate(origins):
        d = dist[i]
        for band in BANDS:
            limit = band * 60000.0
            total_m = 0.0
            for edges in links.values():
                length = max(e[3] for e in edges)
                # each direction reaches the interval of fractions (measured from the first
                # edge's tail) it covers by the band limit; the link's reachable share is the union
                first_tail = edges[0][0]
                intervals = []
                for u, v, w, _ in edges:
                    if d[u] == math.inf or d[u] > limit:
                        continue
                    reach = 1.0 if w == 0 else min(1.0, (limit - d[u]) / w)
                    intervals.append((0.0, reach) if u == first_tail else (1.0 - reach, 1.0))
                total_m += length * union_length(intervals)
            row = got.get((f"o{o}", band))
            if check.expect(f"band o{o} {band} present", row is not None):
                check.expect_close(f"o{o} band {band} reachable_km", row["reachable_km"], total_m / 1000.0,
                                   rel=1e-6, abs_tol=1e-3)


def union_length(intervals):
    total, end = 0.0, -1.0
    for a, b in sorted(intervals):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


if __name__ == "__main__":
    ref.main("isochrone", body)
