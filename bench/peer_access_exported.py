#!/usr/bin/python3
"""igraph on midlink's own exported graph: the issue 3 job (Midlands LSOA centres x all
English schools, nearest and cumulative within 60 min) on the GMNS export of the very
graph midlink searched (`midlink graph export G.mlg -o DIR/`), so the peer sees the same
nodes, links and free-flow times. Points snap to the nearest node, as in
../shared/peers/peer_access.py. Prints seconds per 1,000 origins.

usage: peer_access_exported.py GEODATA GMNS_DIR
"""
import csv
import glob
import json
import sys
import time

import igraph as ig
import numpy as np
from pyproj import Transformer
from scipy.spatial import cKDTree

geo, gmns = sys.argv[1], sys.argv[2]
ids, xy = [], []
for r in csv.DictReader(open(f"{gmns}/node.csv")):
    ids.append(int(r["node_id"]))
    xy.append((float(r["x_coord"]), float(r["y_coord"])))
index = {n: i for i, n in enumerate(ids)}
edges, minutes = [], []
for r in csv.DictReader(open(f"{gmns}/link.csv")):
    edges.append((index[int(r["from_node_id"])], index[int(r["to_node_id"])]))
    minutes.append(float(r["free_flow_time_s"]) / 60.0)
    if r["directed"] == "0":  # two-way link written once
        edges.append((edges[-1][1], edges[-1][0]))
        minutes.append(minutes[-1])
g = ig.Graph(n=len(ids), edges=edges, directed=True)
g.es["t"] = minutes
tree = cKDTree(np.array(xy))
tr = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
codes = set()
for f in glob.glob(f"{geo}/drkane-geo-lookups/lsoa21/*.geojson"):
    for ft in json.load(open(f))["features"]:
        codes.add(ft["properties"]["LSOA21CD"])
orig = [tr.transform(float(r["longitude"]), float(r["latitude"]))
        for r in csv.DictReader(open(f"{geo}/drkane-geo-lookups/lsoa_latlong.csv")) if r["LSOACD"] in codes]
sch = [(float(r["easting"]), float(r["northing"]))
       for r in csv.DictReader(open(f"{geo}/hack25usefuldata/derived-gias_schools_open_20250524.csv"))
       if r["easting"] not in ("", "NA")]
_, oi = tree.query(np.array(orig))
_, si = tree.query(np.array(sch))
targets = sorted(set(si.tolist()))
t0 = time.perf_counter()
nearest, cum = [], []
for start in range(0, len(oi), 500):
    D = np.array(g.distances(source=oi[start:start + 500].tolist(), target=targets, weights="t"))
    nearest.append(D.min(axis=1))
    cum.append((D <= 60).sum(axis=1))
dt = time.perf_counter() - t0
print(f"igraph on midlink's export: {g.vcount()} nodes, {g.ecount()} arcs; {len(orig)} LSOA origins x "
      f"{len(sch)} schools ({len(targets)} target nodes): {dt:.1f} s, {dt / len(orig) * 1000:.2f} s per 1,000 origins")
