"""isochrone: reachable road length per band against igraph Dijkstra, on Rutland.

Origins sit exactly on two-way nodes. igraph gives every node's time from the origin
(whole milliseconds, midlink's unit). A point at fraction x of a directed edge u->v is
reached at d(u) + x t(u->v); on a two-way link the earlier of the two directions wins,
and time grows evenly along an edge. So the reachable length of a link within T minutes
is its length times the measure of {x : min over directions <= T}, and a band's
`reachable_km` is the sum over links. This is computed here from the exported graph
alone, without midlink's isochrone code.

`area_km2` is checked against GDAL/OGR: the same reachable pieces, cut here from the
exported edge geometry at the reachable fractions, buffered by 50 m (8 segments per
quarter circle, as midlink) and merged by OGR's union. OGR reaches GEOS through its own
code path; joins between pieces are rounded differently (measured: within 5e-6), hence 1e-4.
"""
import math
from collections import defaultdict

import igraph
from osgeo import ogr

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
    shape = {}  # link -> vertices of its first edge, from that edge's tail
    column = ref.geometry_column(x.edges[0])
    for e, w in zip(x.edges, ms):
        links[e["link_id"]].append((index[e["from_node"]], index[e["to_node"]], w, e["length_m"]))
        shape.setdefault(e["link_id"], ref.gpkg_linestring(e[column]))

    for i, o in enumerate(origins):
        d = dist[i]
        for band in BANDS:
            limit = band * 60000.0
            total_m = 0.0
            pieces = []
            for link, edges in links.items():
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
                pieces += [cut(shape[link], a, b) for a, b in merged(intervals)]
            row = got.get((f"o{o}", band))
            if check.expect(f"band o{o} {band} present", row is not None):
                check.expect_close(f"o{o} band {band} reachable_km", row["reachable_km"], total_m / 1000.0,
                                   rel=1e-6, abs_tol=1e-3)
                check.expect_close(f"o{o} band {band} area_km2", row["area_km2"], buffered_area_m2(pieces) / 1e6,
                                   rel=1e-4)


def merged(intervals):
    out = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out if b > a]


def cut(vertices, a, b):
    """The part of a polyline between fractions a and b of its planar length."""
    steps = [math.dist(p, q) for p, q in zip(vertices, vertices[1:])]
    total = sum(steps)
    lo, hi = a * total, b * total
    out, at = [], 0.0
    for (p, q), step in zip(zip(vertices, vertices[1:]), steps):
        for f in (lo, hi):
            if at < f < at + step and step > 0:
                r = (f - at) / step
                out.append((at + r * step, (p[0] + r * (q[0] - p[0]), p[1] + r * (q[1] - p[1]))))
        if lo <= at <= hi:
            out.append((at, p))
        at += step
    if lo <= at <= hi:
        out.append((at, vertices[-1]))
    if a == 0.0:
        out.append((0.0, vertices[0]))
    pts = [pt for _, pt in sorted(out, key=lambda t: t[0])]
    dedup = [pts[0]] if pts else []
    for pt in pts[1:]:
        if pt != dedup[-1]:
            dedup.append(pt)
    return dedup


def buffered_area_m2(pieces):
    parts = ogr.Geometry(ogr.wkbMultiPolygon)
    for piece in pieces:
        line = ogr.Geometry(ogr.wkbLineString)
        for px, py in piece:
            line.AddPoint_2D(px, py)
        if line.GetPointCount() == 1:
            line.AddPoint_2D(*piece[0])
        parts.AddGeometry(line.Buffer(50.0, 8))
    return parts.UnionCascaded().GetArea() if parts.GetGeometryCount() else 0.0


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
