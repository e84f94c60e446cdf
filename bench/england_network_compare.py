#!/usr/bin/env python3
"""Compares road graphs (midlink .mlg files) on the figures issue 14 asks about: node degree
distribution, share of length by road class (and motorway km against the SRN file), detour
factors (network distance of the fastest route / straight line) by distance band, and the
average speed of long trips. Used for the synthetic England network against real graphs
(Rutland OSM, PRISM); see bench/RESULTS.md, "Issue 14".

usage: england_network_compare.py --midlink BIN [--srn SRN_region_graph.csv]
           [--pairs-per-band 30] [--seed 1] NAME=GRAPH.mlg [NAME=GRAPH.mlg ...]

Each graph is exported to GMNS with `midlink graph export`; routes come from
`midlink route GRAPH --pairs` (id,time_s,distance_m,status). Plain Python, no numpy.
"""
import argparse
import bisect
import csv
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from array import array

BANDS_KM = [(0.5, 2), (2, 5), (5, 10), (10, 25), (25, 50), (50, 100), (100, 250)]
LONG_TRIP_KM = 25.0
CLASSES = ["motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
           "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
           "service", "track", "connector", "unknown"]


def export(midlink, graph, workdir):
    out = os.path.join(workdir, "gmns") + "/"
    subprocess.run([midlink, "graph", "export", graph, "-o", out, "--quiet"], check=True)
    return out


def read_graph(gmns):
    """Node coordinates, undirected degree, km by class and arc count. The arcs are held as
    compact out-lists (CSR in array('i')): a few hundred MB for England, not a set of pairs."""
    xs, ys = array("d"), array("d")
    with open(os.path.join(gmns, "node.csv"), newline="") as f:
        r = csv.reader(f)
        next(r)
        for i, row in enumerate(r):
            assert int(row[0]) == i, "exported node ids run 0..n-1"
            xs.append(float(row[1]))
            ys.append(float(row[2]))
    n = len(xs)
    src, dst = array("i"), array("i")
    km = {}
    with open(os.path.join(gmns, "link.csv"), newline="") as f:
        r = csv.reader(f)
        h = next(r)
        c_from, c_to, c_len, c_cls = (h.index(k) for k in ("from_node_id", "to_node_id", "length", "facility_type"))
        for row in r:
            src.append(int(row[c_from]))
            dst.append(int(row[c_to]))
            # Length per direction of travel, halved: a two-way road and a dual carriageway
            # mapped as two one-way ways both count once.
            cls = row[c_cls]
            km[cls] = km.get(cls, 0.0) + float(row[c_len]) / 2000.0
    arcs = len(src)
    start = array("i", [0]) * (n + 1)
    for a in src:
        start[a + 1] += 1
    for v in range(n):
        start[v + 1] += start[v]
    fill = array("i", start)
    out = array("i", [0]) * arcs
    for a, b in zip(src, dst):
        out[fill[a]] = b
        fill[a] += 1
    del src, dst, fill
    # Undirected degree: distinct neighbours over out- and in-arcs. A pair with arcs both
    # ways is counted from its smaller end only.
    degree = array("i", [0]) * n
    for a in range(n):
        seen = set()
        for k in range(start[a], start[a + 1]):
            b = out[k]
            if b == a or b in seen:
                continue
            seen.add(b)
            back = a in out[start[b]:start[b + 1]]
            if back and b < a:
                continue  # counted when b was processed
            degree[a] += 1
            degree[b] += 1
    return xs, ys, degree, km, arcs


def degree_shares(degree):
    counts = [0] * 6
    for d in degree:
        counts[min(d, 5)] += 1
    n = len(degree)
    return [c / n for c in counts]


def make_pairs(xs, ys, per_band, seed):
    """Random node pairs per straight-line band: a random origin node, a random bearing
    and distance in the band, and the node nearest that point (from a bucketed sample)."""
    rng = random.Random(seed)
    n = len(xs)
    sample = rng.sample(range(n), min(n, 300_000))
    cell = 1000.0
    buckets = {}
    for i in sample:
        buckets.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)

    def nearest(x, y):
        cx, cy = int(x // cell), int(y // cell)
        best, best_d = None, 1.5 * cell
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for i in buckets.get((cx + dx, cy + dy), ()):
                    d = math.hypot(xs[i] - x, ys[i] - y)
                    if d < best_d:
                        best, best_d = i, d
        return best

    out = []
    for lo, hi in BANDS_KM:
        got, tries = 0, 0
        while got < per_band and tries < per_band * 400:
            tries += 1
            a = rng.randrange(n)
            d = rng.uniform(lo, hi) * 1000.0
            t = rng.uniform(0, 2 * math.pi)
            b = nearest(xs[a] + d * math.cos(t), ys[a] + d * math.sin(t))
            if b is None:
                continue
            s = math.hypot(xs[b] - xs[a], ys[b] - ys[a]) / 1000.0
            if lo <= s < hi:
                out.append((a, b, s))
                got += 1
    return out


def route(midlink, graph, xs, ys, pairs, workdir):
    pin = os.path.join(workdir, "pairs.csv")
    pout = os.path.join(workdir, "routes.csv")
    with open(pin, "w") as f:
        f.write("id,from_x,from_y,to_x,to_y\n")
        for k, (a, b, _) in enumerate(pairs):
            f.write(f"{k},{xs[a]:.2f},{ys[a]:.2f},{xs[b]:.2f},{ys[b]:.2f}\n")
    t0 = time.time()
    subprocess.run([midlink, "--quiet", "route", graph, "--pairs", pin, "-o", pout], check=True)
    seconds = time.time() - t0
    res = {}
    with open(pout, newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] == "ok":
                res[int(row["id"])] = (float(row["time_s"]), float(row["distance_m"]))
    return res, seconds


def median(v):
    v = sorted(v)
    return v[len(v) // 2] if v else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--midlink", required=True)
    ap.add_argument("--srn")
    ap.add_argument("--pairs-per-band", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("graphs", nargs="+", help="NAME=GRAPH.mlg")
    args = ap.parse_args()

    if args.srn:
        with open(args.srn, newline="") as f:
            mw = sum(float(r["dist"]) for r in csv.DictReader(f)
                     if r["road"].startswith("M") or "(M)" in r["road"])
        print(f"SRN file: motorway {mw / 2:.0f} km (straight-line junction to junction, per road: both carriageways / 2)\n")

    rows = []
    for spec in args.graphs:
        name, graph = spec.split("=", 1)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.time()
            xs, ys, degree, km, arcs = read_graph(export(args.midlink, graph, tmp))
            print(f"{name}: {len(xs)} nodes, {arcs} arcs (read in {time.time() - t0:.0f} s)", file=sys.stderr)
            pairs = make_pairs(xs, ys, args.pairs_per_band, args.seed)
            res, seconds = route(args.midlink, graph, xs, ys, pairs, tmp)
        rows.append((name, len(xs), arcs, degree_shares(degree), km, pairs, res, seconds))

    print("### Degree (undirected neighbours) and size\n")
    print("| graph | nodes | arcs | arcs/node | deg 1 | deg 2 | deg 3 | deg 4 | deg 5+ |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, arcs, sh, *_ in rows:
        print(f"| {name} | {n:,} | {arcs:,} | {arcs / n:.2f} | " + " | ".join(f"{100 * s:.1f}%" for s in sh[1:]) + " |")

    print("\n### Share of road length by class (arc km / 2: a two-way road or a dual carriageway once)\n")
    present = [c for c in CLASSES if any(r[4].get(c, 0) > 0 for r in rows)]
    present += sorted({c for r in rows for c in r[4]} - set(present))
    print("| graph | total km | " + " | ".join(present) + " |")
    print("|---|---:|" + "---:|" * len(present))
    for name, _, _, _, km, *_ in rows:
        tot = sum(km.values())
        print(f"| {name} | {tot:,.0f} | " + " | ".join(f"{100 * km.get(c, 0) / tot:.1f}%" for c in present) + " |")
    for name, _, _, _, km, *_ in rows:
        print(f"\n{name}: motorway {km.get('motorway', 0):,.0f} km (carriageway km / 2)")

    print("\n### Detour factor (network distance of the fastest route / straight line), median and 90th percentile\n")
    print("| graph | " + " | ".join(f"{lo:g}-{hi:g} km" for lo, hi in BANDS_KM) + " |")
    print("|---|" + "---|" * len(BANDS_KM))
    for name, _, _, _, _, pairs, res, _ in rows:
        cells = []
        for lo, hi in BANDS_KM:
            f = sorted(res[k][1] / 1000.0 / s for k, (a, b, s) in enumerate(pairs) if lo <= s < hi and k in res and s > 0)
            cells.append(f"{median(f):.2f} / {f[int(0.9 * (len(f) - 1))]:.2f} (n={len(f)})" if f else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")

    print(f"\n### Average speed of long trips (straight line >= {LONG_TRIP_KM:g} km): network km / hours\n")
    print("| graph | trips | mean speed km/h | median detour | route --pairs s per pair |")
    print("|---|---:|---:|---:|---:|")
    for name, _, _, _, _, pairs, res, seconds in rows:
        long = [(res[k], s) for k, (a, b, s) in enumerate(pairs) if s >= LONG_TRIP_KM and k in res]
        if long:
            dist = sum(r[1] for r, _ in long) / 1000.0
            hours = sum(r[0] for r, _ in long) / 3600.0
            det = median([r[1] / 1000.0 / s for r, s in long])
            print(f"| {name} | {len(long)} | {dist / hours:.1f} | {det:.2f} | {seconds / max(1, len(pairs)):.3f} |")
        else:
            print(f"| {name} | 0 | - | - | {seconds / max(1, len(pairs)):.3f} |")


if __name__ == "__main__":
    main()
