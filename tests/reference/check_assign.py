"""assign (TNTP form) against an independent equilibrium check with networkx, on the
TNTP SiouxFalls and Anaheim networks.

The TNTP files are parsed here, not by midlink. From midlink's link volumes alone:
- each link cost must be BPR, t0 (1 + b (V/C)^power), with the file's own b and power;
- flow is conserved at every node that is not a zone, and every zone sends and receives
  its OD totals;
- the relative gap (TSTT - SPTT) / TSTT, with SPTT from networkx Dijkstra on the loaded
  costs (paths never pass through a zone), must equal the gap midlink reports and be at
  or under the requested gap: Wardrop's condition checked independently;
- for `aon`, the total free-flow cost of the load equals sum over OD of trips x the
  networkx shortest free-flow time (a tie-free identity).
"""
import json
import re
from collections import defaultdict

import networkx as nx

import midlink_ref as ref


def read_net(path):
    meta, links = {}, []
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*<([^>]+)>\s*(.*)", line)
            if m:
                meta[m.group(1).strip()] = m.group(2).strip()
                continue
            line = line.strip()
            if not line or line.startswith("~"):
                continue
            p = line.rstrip(";").split()
            links.append(dict(a=int(p[0]), b=int(p[1]), cap=float(p[2]), length=float(p[3]), t0=float(p[4]),
                              B=float(p[5]), power=float(p[6]), toll=float(p[8]) if len(p) > 8 else 0.0))
    return int(meta["FIRST THRU NODE"]), int(meta["NUMBER OF ZONES"]), links


def read_trips(path):
    od, origin = {}, None
    with open(path) as f:
        for line in f:
            if line.strip().startswith("<"):
                continue
            m = re.match(r"\s*Origin\s+(\d+)", line)
            if m:
                origin = int(m.group(1))
                continue
            for d, q in re.findall(r"(\d+)\s*:\s*([-+0-9.eE]+)", line):
                if float(q) > 0 and int(d) != origin:
                    od[origin, int(d)] = float(q)
    return od


def sptt(links, costs, od, first_thru, zones):
    """Shortest-path total travel time; a zone is split into a source and a sink copy so
    that no path passes through it."""
    g = nx.DiGraph()
    for link, c in zip(links, costs):
        u = ("out", link["a"]) if link["a"] < first_thru else link["a"]
        v = ("in", link["b"]) if link["b"] < first_thru else link["b"]
        if not g.has_edge(u, v) or g[u][v]["w"] > c:
            g.add_edge(u, v, w=c)
    total = 0.0
    by_origin = defaultdict(list)
    for (o, d), q in od.items():
        by_origin[o].append((d, q))
    for o, dq in by_origin.items():
        src = ("out", o) if o < first_thru else o
        dist = nx.single_source_dijkstra_path_length(g, src, weight="w") if src in g else {}
        for d, q in dq:
            dst = ("in", d) if d < first_thru else d
            total += q * dist[dst]
    return total


def check_case(check, name, method, gap, gap_abs_tol=1e-9, distance_factor=0.0, toll_factor=0.0):
    """With factors, Wardrop's condition holds on the generalised cost
    BPR time + toll_factor * toll + distance_factor * length, computed here from the file."""
    base = check.data(f"tntp-assignment/{name}/{name}")
    first_thru, zones, links = read_net(base + "_net.tntp")
    od = read_trips(base + "_trips.tntp")
    generalised = distance_factor > 0 or toll_factor > 0
    out = check.out(f"{name}-{method}{'-generalised' if generalised else ''}.csv")
    factors = ["--distance-factor", distance_factor, "--toll-factor", toll_factor] if generalised else []
    check.run("assign", "--network", base + "_net.tntp", "--trips", base + "_trips.tntp", "--method", method,
              "--gap", gap, "--max-iter", 20000, *factors, "-o", out)
    rows = ref.read_csv(out)
    summary = json.load(open(out + ".summary.json"))
    what = f"{name} {method}{' generalised' if generalised else ''}"
    if not check.expect(f"{what}: one row per link", len(rows) == len(links), f"{len(rows)} vs {len(links)}"):
        return
    vol = [float(r["volume"]) for r in rows]
    cost = [float(r["cost"]) for r in rows]
    for i, (link, r) in enumerate(zip(links, rows)):
        check.expect(f"{what} link {i} order", (int(r["from"]), int(r["to"])) == (link["a"], link["b"]))
        bpr = link["t0"] * (1 + link["B"] * (vol[i] / link["cap"]) ** link["power"])
        if generalised:
            check.expect_close(f"{what} link {link['a']}-{link['b']} BPR time", float(r["time"]), bpr, rel=1e-6, abs_tol=1e-9)
            bpr += toll_factor * link["toll"] + distance_factor * link["length"]
        check.expect_close(f"{what} link {link['a']}-{link['b']} cost", cost[i], bpr, rel=1e-6, abs_tol=1e-9)
    # conservation: net outflow is the zone's production minus attraction, 0 elsewhere
    net = defaultdict(float)
    for link, v in zip(links, vol):
        net[link["a"]] += v
        net[link["b"]] -= v
    want = defaultdict(float)
    for (o, d), q in od.items():
        want[o] += q
        want[d] -= q
    total = sum(od.values())
    for n in set(net) | set(want):
        check.expect_close(f"{what} node {n} net outflow", net[n], want[n], rel=1e-6, abs_tol=1e-6 * total)
    tstt = sum(v * c for v, c in zip(vol, cost))
    if method == "aon":
        free = sptt(links, [link["t0"] for link in links], od, first_thru, zones)
        check.expect_close(f"{what} free-flow cost of the load", sum(v * link["t0"] for v, link in zip(vol, links)),
                           free, rel=1e-9)
        return
    reference_gap = (tstt - sptt(links, cost, od, first_thru, zones)) / tstt
    check.expect_close(f"{what} relative gap", summary["relative_gap"], reference_gap, rel=1e-3, abs_tol=gap_abs_tol)
    check.expect(f"{what} converged below {gap}", reference_gap <= gap * (1 + 1e-6), f"reference gap {reference_gap}")
    if generalised:
        tstt = sum(v * float(r["time"]) for v, r in zip(vol, rows))
    check.expect_close(f"{what} TSTT", summary["total_system_travel_time"], tstt, rel=1e-9)


def check_graph_form(check):
    """assign GRAPH.mlg --zones --od on Rutland: the zones' connectors are internal, so the
    checks are those that need none: every edge's cost is BPR on its exported free-flow
    time and capacity (alpha 0.15, power 4; no capacity = never congests), V/C is volume
    over capacity, and flow is conserved at every node away from the zones."""
    graph = ref.rutland_graph(check)
    x = ref.ExportedGraph(check, graph, "rutland")
    zones = check.rng.sample(x.two_way_nodes(), 6)
    zcsv, odcsv, out = check.out("zones.csv"), check.out("od.csv"), check.out("rutland-flows.csv")
    with open(zcsv, "w") as f:
        f.write("id,x,y\n")
        for z in zones:
            f.write(f"z{z},{x.xy[z][0]!r},{x.xy[z][1]!r}\n")
    with open(odcsv, "w") as f:
        f.write("from,to,trips\n")
        for a in zones:
            for b in zones:
                if a != b:
                    f.write(f"z{a},z{b},{check.rng.randint(100, 900)}\n")
    check.run("assign", graph, "--zones", zcsv, "--od", odcsv, "--connectors", 0, "--method", "bfw", "--gap", 1e-4,
              "-o", out)
    edges = {e["edge_id"]: e for e in x.edges}
    rows = ref.read_csv(out)
    check.expect("rutland graph form: one row per directed edge", len(rows) == len(edges), f"{len(rows)} vs {len(edges)}")
    net = defaultdict(float)
    for r in rows:
        e = edges[int(r["edge_id"])]
        v, cap = float(r["volume"]), e["capacity_vph"]
        bpr = e["time_s"] * (1 + 0.15 * (v / cap) ** 4) if cap else e["time_s"]
        check.expect_close(f"rutland edge {e['edge_id']} BPR cost", float(r["cost"]), bpr, rel=1e-6, abs_tol=1e-3)
        if cap:
            check.expect_close(f"rutland edge {e['edge_id']} vc_ratio", ref.num(r["vc_ratio"]), v / cap, rel=0,
                               abs_tol=5.1e-5)  # printed to 4 decimals
        net[e["from_node"]] += v
        net[e["to_node"]] -= v
    # a zone joins both ends of the edge it snaps to: leave out the zones' neighbours too
    near = set(zones)
    for e in x.edges:
        if e["from_node"] in zones or e["to_node"] in zones:
            near.update((e["from_node"], e["to_node"]))
    total = sum(abs(v) for v in net.values()) + 1.0
    for n, v in net.items():
        if n not in near:
            check.expect_close(f"rutland node {n} conserves flow", v, 0.0, abs_tol=1e-6 * total)


def body(check):
    check_graph_form(check)
    check_case(check, "SiouxFalls", "aon", 1e-4)
    check_case(check, "SiouxFalls", "fw", 1e-4)
    check_case(check, "SiouxFalls", "cfw", 1e-5)
    check_case(check, "SiouxFalls", "bfw", 1e-6)
    check_case(check, "Anaheim", "aon", 1e-4)
    check_case(check, "Anaheim", "bfw", 1e-5)
    # Algorithm B to 1e-10: the gap recomputed from its written volumes must agree to 1e-12.
    check_case(check, "SiouxFalls", "bush", 1e-10, gap_abs_tol=1e-12)
    check_case(check, "Anaheim", "bush", 1e-10, gap_abs_tol=1e-12)
    # Generalised cost: a distance weight moves the equilibrium; Wardrop holds on the sum.
    check_case(check, "SiouxFalls", "bfw", 1e-6, distance_factor=0.5)
    check_case(check, "Anaheim", "bush", 1e-10, gap_abs_tol=1e-12, distance_factor=0.02, toll_factor=0.1)


if __name__ == "__main__":
    ref.main("assign", body)
