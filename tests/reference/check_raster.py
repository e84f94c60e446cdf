"""raster: travel-time cells against a brute force with networkx, on Rutland.

Destinations sit exactly on two-way nodes. networkx gives every node's time to the
nearest destination (multi-source Dijkstra on the reversed graph). For a sample of cell
centres near roads, the nearest link is found here by brute force over every exported
link geometry; the cell's time is the best of leaving along that link in each direction
the road allows, (1 - f) t(u->v) + D(v) or f t(v->u) + D(u), f the snapped fraction of
length. The raster is read back with gdallocationinfo (gdal-bin). Cells whose two
nearest links are within 0.5 m of each other, or whose nearest link lies within 1 m of
the snap limit, are ambiguous and left out.
"""
import json
import math
import subprocess
import struct
from collections import defaultdict

import networkx as nx

import midlink_ref as ref

CELL = 200.0
BUCKET = 500.0


def project(p, line):
    """distance from p to the polyline and the fraction of its length at the nearest point"""
    total = sum(math.dist(a, b) for a, b in zip(line, line[1:]))
    best, best_at, run = math.inf, 0.0, 0.0
    for a, b in zip(line, line[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        seg = math.hypot(dx, dy)
        t = 0.0 if seg == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (seg * seg)))
        d = math.dist(p, (a[0] + t * dx, a[1] + t * dy))
        if d < best:
            best, best_at = d, run + t * seg
        run += seg
    return best, (best_at / total if total > 0 else 0.0)


def body(check):
    graph = ref.rutland_graph(check)
    x = ref.ExportedGraph(check, graph, "rutland")
    dests = check.rng.sample(x.two_way_nodes(), 15)
    dcsv = check.out("dests.csv")
    x.write_points(dcsv, "d", dests)
    tif = check.out("time.tif")
    check.run("raster", graph, "--destinations", dcsv, "--cell", int(CELL), "-o", tif)
    info = json.loads(subprocess.run(["gdalinfo", "-json", tif], capture_output=True, text=True, check=True).stdout)
    gt = info["geoTransform"]
    width, height = info["size"]
    max_snap = max(250.0, CELL * math.sqrt(2) / 2)

    g = x.digraph("time_s")
    to_dest = nx.multi_source_dijkstra_path_length(g.reverse(copy=False), set(dests), weight="w")
    links = defaultdict(list)
    for e in x.edges:
        links[e["link_id"]].append(e)
    geometry, buckets = {}, defaultdict(set)
    for link, edges in links.items():
        first = edges[0]
        line = ref.gpkg_linestring(first[ref.geometry_column(first)])
        geometry[link] = (first["from_node"], line)
        for a, b in zip(line, line[1:]):
            for bx in range(int(min(a[0], b[0]) // BUCKET) - 1, int(max(a[0], b[0]) // BUCKET) + 2):
                for by in range(int(min(a[1], b[1]) // BUCKET) - 1, int(max(a[1], b[1]) // BUCKET) + 2):
                    buckets[bx, by].add(link)

    # cells near roads: the cell holding a random point close to a random edge
    cells = set()
    while len(cells) < 250:
        e = check.rng.choice(x.edges)
        line = ref.gpkg_linestring(e[ref.geometry_column(e)])
        a = check.rng.choice(line)
        px, py = a[0] + check.rng.uniform(-150, 150), a[1] + check.rng.uniform(-150, 150)
        col, row = int((px - gt[0]) / gt[1]), int((py - gt[3]) / gt[5])
        if 0 <= col < width and 0 <= row < height:
            cells.add((col, row))
    cells = sorted(cells)
    centres = [(gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5]) for c, r in cells]
    values = subprocess.run(["gdallocationinfo", "-valonly", "-geoloc", tif], capture_output=True, text=True,
                            check=True, input="".join(f"{cx!r} {cy!r}\n" for cx, cy in centres)).stdout.split()
    compared = 0
    for (cx, cy), value in zip(centres, values):
        got = float(value)
        near = set()
        for bx in range(int(cx // BUCKET) - 1, int(cx // BUCKET) + 2):
            for by in range(int(cy // BUCKET) - 1, int(cy // BUCKET) + 2):
                near |= buckets.get((bx, by), set())
        found = sorted((project((cx, cy), geometry[l][1]) + (l,)) for l in near)
        if not found or found[0][0] > max_snap - 1.0 or (len(found) > 1 and found[1][0] - found[0][0] < 0.5):
            continue
        dist, frac, link = found[0]
        if abs(dist - max_snap) < 1.0:
            continue
        tail = geometry[link][0]
        best = math.inf
        for e in links[link]:
            u, v, t = e["from_node"], e["to_node"], round(e["time_s"] * 1000)
            along = (1 - frac) if u == tail else frac  # share of this edge still to travel
            if v in to_dest:
                best = min(best, round(along * t) / 1000.0 + to_dest[v])
        want = best / 60.0 if best != math.inf else None
        check.expect_close(f"cell at {cx},{cy} minutes", None if got == -9999 else got, want, rel=1e-5, abs_tol=2e-4)
        compared += 1
    check.expect(f"compared {compared} cells", compared >= 150, str(compared))


if __name__ == "__main__":
    ref.main("raster", body)
