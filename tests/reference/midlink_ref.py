"""Shared helpers for the independent reference checks in tests/reference/.

Each check script runs the real midlink CLI on ../shared/geodata, reads what it wrote
(CSV, or a GeoPackage through the standard library's sqlite3) and recomputes the same
answer with an independent implementation (networkx or igraph from Debian). A missing
module is a failure, never a skip: CI installs python3-networkx and python3-igraph.

Usage of a script: python3 SCRIPT.py MIDLINK_BINARY GEODATA_DIR SOURCE_DIR
"""
import csv
import json
import math
import os
import random
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile

import networkx as nx  # noqa: F401  (imported here so a missing module fails every check)


class Failure(Exception):
    pass


class Check:
    """The CLI, the data and a scratch folder, plus a failure counter for one script."""

    def __init__(self, name):
        if len(sys.argv) != 4:
            print(f"usage: {sys.argv[0]} MIDLINK GEODATA SOURCE_DIR", file=sys.stderr)
            sys.exit(2)
        self.name = name
        self.midlink, self.geodata, self.source = sys.argv[1:4]
        self.tmp = tempfile.mkdtemp(prefix=f"midlink_ref_{name}_")
        self.failures = 0
        self.checked = 0
        self.rng = random.Random(int(os.environ.get("MIDLINK_TEST_SEED", "11")))

    def data(self, rel):
        return os.path.join(self.geodata, rel)

    def out(self, name):
        return os.path.join(self.tmp, name)

    def run(self, *args, expect=0):
        cmd = [self.midlink, *map(str, args), "--quiet"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != expect:
            raise Failure(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout}{r.stderr}")
        return r.stdout

    def expect_close(self, what, got, want, rel=1e-9, abs_tol=1e-9):
        self.checked += 1
        if got is None or want is None:
            ok = got is None and want is None
        else:
            ok = math.isclose(got, want, rel_tol=rel, abs_tol=abs_tol)
        if not ok:
            self.failures += 1
            if self.failures <= 20:
                print(f"MISMATCH {what}: midlink {got!r}, reference {want!r}", file=sys.stderr)
        return ok

    def expect(self, what, cond, detail=""):
        self.checked += 1
        if not cond:
            self.failures += 1
            if self.failures <= 20:
                print(f"FAILED {what} {detail}", file=sys.stderr)
        return cond

    def finish(self):
        if not os.environ.get("MIDLINK_REF_KEEP"):
            shutil.rmtree(self.tmp, ignore_errors=True)
        print(f"{self.name}: {self.checked} values checked against the reference, {self.failures} mismatches")
        if self.checked == 0:
            print(f"{self.name}: nothing was checked", file=sys.stderr)
            sys.exit(1)
        sys.exit(1 if self.failures else 0)


def main(name, body):
    check = Check(name)
    try:
        body(check)
    except Failure as e:
        print(f"{name}: {e}", file=sys.stderr)
        print(f"{name}: outputs kept in {check.tmp}", file=sys.stderr)
        sys.exit(1)
    check.finish()


# --- reading midlink's outputs -------------------------------------------------------

def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def num(v):
    """A CSV or GeoPackage value as float; empty or NULL is None."""
    if v is None or v == "":
        return None
    return float(v)


def gpkg_rows(path, layer):
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(f'SELECT * FROM "{layer}"')]
    finally:
        con.close()


def has_geometry(row):
    return any(name in row for name in ("geom", "geometry", "GEOMETRY", "shape"))


def geometry_column(row):
    """The geometry column of a GeoPackage row (GDAL names it geom, or geometry)."""
    for name in ("geom", "geometry", "GEOMETRY", "shape"):
        if name in row:
            return name
    raise Failure(f"no geometry column among {sorted(row)}")


def gpkg_point(blob):
    """x, y of a GeoPackage point geometry blob (GP header, then WKB)."""
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    wkb = blob[8 + envelope:]
    order = "<" if wkb[0] == 1 else ">"
    return struct.unpack(order + "dd", wkb[5:21])


def gpkg_linestring(blob):
    """The vertices of a GeoPackage LineString blob (its header, envelope, then WKB)."""
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    wkb = blob[8 + envelope:]
    order = "<" if wkb[0] == 1 else ">"
    (n,) = struct.unpack(order + "I", wkb[5:9])
    return [struct.unpack(order + "dd", wkb[9 + 16 * i:25 + 16 * i]) for i in range(n)]


# --- the graph, read back independently ----------------------------------------------

class ExportedGraph:
    """A midlink graph as `midlink graph export` writes it: directed edges with their
    time and length, node keys (the input's ids) and coordinates."""

    def __init__(self, check, graph_path, name):
        gpkg = check.out(name + "-export.gpkg")
        check.run("graph", "export", graph_path, "-o", gpkg)
        self.edges = gpkg_rows(gpkg, "edges")
        self.nodes = gpkg_rows(gpkg, "nodes")
        self.key = {n["node_id"]: n["key"] for n in self.nodes}
        self.node_of_key = {n["key"]: n["node_id"] for n in self.nodes}
        self.xy = {}
        column = geometry_column(self.nodes[0]) if self.nodes and has_geometry(self.nodes[0]) else None
        for n in self.nodes if column else ():
            blob = n[column]
            if blob:
                self.xy[n["node_id"]] = gpkg_point(blob)

    def digraph(self, weight="time_s"):
        """networkx DiGraph keeping the cheapest of parallel edges (shortest paths only)."""
        g = nx.DiGraph()
        g.add_nodes_from(self.key)
        for e in self.edges:
            u, v, w = e["from_node"], e["to_node"], e[weight]
            if u == v:
                continue
            if g.has_edge(u, v) and g[u][v]["w"] <= w:
                continue
            g.add_edge(u, v, w=w)
        return g

    def write_points(self, path, prefix, nodes, **columns):
        """A points CSV `id,x,y[,column...]` with one row per node at its coordinates; each
        keyword is a column given as a {node: value} map."""
        with open(path, "w") as f:
            f.write(",".join(["id", "x", "y", *columns]) + "\n")
            for n in nodes:
                extra = "".join(f",{values[n]}" for values in columns.values())
                f.write(f"{prefix}{n},{self.xy[n][0]!r},{self.xy[n][1]!r}{extra}\n")
        return path

    def two_way_nodes(self):
        """Nodes every edge of which has an edge back in the same physical link: a point
        placed exactly on one of them leaves and is reached at no cost along any edge it
        snaps to, so the answer does not depend on which edge the snapper picks."""
        out, back = {}, set()
        for e in self.edges:
            back.add((e["link_id"], e["from_node"], e["to_node"]))
        bad = set()
        for e in self.edges:
            u, v = e["from_node"], e["to_node"]
            if (e["link_id"], v, u) not in back:
                bad.add(u)
                bad.add(v)
            out.setdefault(u, 0)
            out[u] += 1
        return sorted(n for n in out if n not in bad and n in self.xy and out[n] >= 2)


def graph_build(check, name, *args):
    path = check.out(name + ".mlg")
    check.run("graph", "build", *args, "-o", path)
    return path


def rutland_graph(check):
    return graph_build(check, "rutland", "--network", check.data("osm-rutland-pydriosm/rutland-latest.osm.pbf"),
                       "--profile", "car")


def rome_graph(check):
    return graph_build(check, "rome99", "--network", check.data("dimacs9-rome99/rome99.gr"))
