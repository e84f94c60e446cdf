"""access: every measure kind against a brute force over the igraph OD matrix, on Rutland.

Origins and destinations are placed exactly on two-way nodes of the Rutland OSM graph
(so the cost is node to node whichever edge a point snaps to). igraph computes the full
origin x destination matrix of travel times in whole milliseconds, and every measure of
../shared/docs/metrics.md §1 is recomputed from that matrix by its textbook formula:
nearest, n-th nearest, cumulative, JTS (AMT, destination share, origin count capped at
10), Hansen (active and passive), 2SFCA (binary and kernel), BFCA (Paez et al. 2019)
and the supply-preserving BFCA.
"""
import math

import igraph

import midlink_ref as ref

MAX_MIN = 60.0
BETA = 0.08


def expo(c, beta=BETA, cut=MAX_MIN):
    return math.exp(-beta * c) if c is not None and c <= cut else 0.0


def body(check):
    graph = ref.rutland_graph(check)
    x = ref.ExportedGraph(check, graph, "rutland")
    candidates = x.two_way_nodes()
    picked = check.rng.sample(candidates, 240)
    origins, dests = picked[:200], picked[200:]
    population = {o: check.rng.randint(50, 2000) for o in origins}
    weight = {d: check.rng.randint(1, 5) for d in dests}

    ocsv, dcsv = check.out("origins.csv"), check.out("dests.csv")
    x.write_points(ocsv, "o", origins, population=population)
    x.write_points(dcsv, "d", dests, weight=weight)
    out = check.out("access.gpkg")
    measures = ("nearest,nth:3,cumulative:10|20,jts:10|20,hansen:exp:0.08:max=60,hansen_passive:exp:0.08:max=60,"
                "2sfca:20,2sfca:exp:0.1:max=40,bfca:exp:0.08:max=60,bfca_supply:exp:0.08:max=60")
    for engine in ("dijkstra", "phast"):
        check.run("access", graph, "--origins", ocsv, "--origin-id", "id", "--population-field", "population",
                  "--destinations", dcsv, "--dest-name", "s", "--dest-weight", "weight", "--measures", measures,
                  "--max-time", MAX_MIN, "--engine", engine, "-o", out)
        compare(check, x, origins, dests, population, weight, out, engine)


def compare(check, x, origins, dests, population, weight, out, engine):
    nodes = sorted(x.key)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[e["from_node"]], index[e["to_node"]]) for e in x.edges]
    g = igraph.Graph(n=len(nodes), edges=edges, directed=True)
    ms = [round(e["time_s"] * 1000) for e in x.edges]
    matrix = g.distances(source=[index[o] for o in origins], target=[index[d] for d in dests], weights=ms, mode="out")
    # minutes as midlink derives them from whole milliseconds; beyond the search limit = unreachable
    c = {}
    for i, o in enumerate(origins):
        for j, d in enumerate(dests):
            v = matrix[i][j]
            c[o, d] = v / 60000.0 if v != math.inf and v / 60000.0 <= MAX_MIN else None

    rows = {r["id"]: r for r in ref.read_csv(out[:-5] + "_origins.csv")}
    drows = {r["id"]: r for r in ref.read_csv(out[:-5] + "_destinations.csv")}
    check.expect(f"{engine}: one row per origin", len(rows) == len(origins), str(len(rows)))

    def f2(cost, t):
        return 1.0 if cost is not None and cost <= t else 0.0

    def fk(cost):
        return math.exp(-0.1 * cost) if cost is not None and cost <= 40 else 0.0

    # 2SFCA supply ratios R_j, binary 20 min and exp 0.1 cut at 40
    r_bin = {d: weight[d] / s if (s := sum(population[o] * f2(c[o, d], 20) for o in origins)) else None for d in dests}
    r_exp = {d: weight[d] / s if (s := sum(population[o] * fk(c[o, d]) for o in origins)) else None for d in dests}
    # balanced FCA: f normalised per origin (F_i) in the supply step
    F = {o: sum(expo(c[o, d]) for d in dests) for o in origins}
    G = {d: sum(expo(c[o, d]) for o in origins) for d in dests}
    r_bal = {}
    for d in dests:
        s = sum(population[o] * expo(c[o, d]) / F[o] for o in origins if F[o] > 0)
        r_bal[d] = weight[d] / s if s > 0 else None

    for o in origins:
        row = rows.get(f"o{o}")
        if not check.expect(f"{engine}: origin o{o} present", row is not None):
            continue
        reach = sorted(cost for d in dests if (cost := c[o, d]) is not None)
        what = f"{engine} o{o}"
        check.expect_close(f"{what} nearest", ref.num(row["s_nearest_min"]), reach[0] if reach else None, rel=1e-9)
        check.expect_close(f"{what} nth3", ref.num(row["s_nth3_min"]), reach[2] if len(reach) >= 3 else None, rel=1e-9)
        for t in (10, 20):
            cum = sum(weight[d] for d in dests if c[o, d] is not None and c[o, d] <= t)
            check.expect_close(f"{what} cum{t}", ref.num(row[f"s_cum{t}"]), cum, rel=0)
            within = sum(1 for d in dests if c[o, d] is not None and c[o, d] <= t)
            check.expect_close(f"{what} jts_orig{t}", ref.num(row[f"s_jts_orig{t}"]), min(within, 10), rel=0)
            share = 1.0 if reach and reach[0] <= t else 0.0
            got = ref.num(row[f"s_jts_dest{t}"])
            if got is not None and got > 1.0:
                share *= 100.0  # published as a percentage
            check.expect_close(f"{what} jts_dest{t}", got, share if reach else got, rel=1e-12)
        check.expect_close(f"{what} jts_amt", ref.num(row["s_jts_amt_min"]), reach[0] if reach else None, rel=1e-9)
        hansen = sum(weight[d] * expo(c[o, d]) for d in dests)
        check.expect_close(f"{what} hansen", ref.num(row["s_hansen_exp_0_08_max_60"]), hansen, rel=1e-9)
        a_bin = sum(r_bin[d] * f2(c[o, d], 20) for d in dests if r_bin[d] is not None)
        a_exp = sum(r_exp[d] * fk(c[o, d]) for d in dests if r_exp[d] is not None)
        check.expect_close(f"{what} 2sfca bin 20", num0(row["s_2sfca_bin_20"]), a_bin, rel=1e-9, abs_tol=1e-15)
        check.expect_close(f"{what} 2sfca exp", num0(row["s_2sfca_exp_0_1_max_40"]), a_exp, rel=1e-9, abs_tol=1e-15)
        bfca = sum(r_bal[d] * expo(c[o, d]) / G[d] for d in dests if r_bal[d] is not None and G[d] > 0)
        supply = sum(r_bal[d] * expo(c[o, d]) / F[o] for d in dests if r_bal[d] is not None and F[o] > 0)
        check.expect_close(f"{what} bfca", num0(row["s_bfca_exp_0_08_max_60"]), bfca, rel=1e-9, abs_tol=1e-15)
        check.expect_close(f"{what} bfca_supply", num0(row["s_bfca_supply_exp_0_08_max_60"]), supply, rel=1e-9,
                           abs_tol=1e-15)
    # the destinations layer keeps the file's id field ("d<node>"; --dest-id defaults to a
    # field named id), one row per destination in input order
    check.expect(f"{engine}: destination ids in input order",
                 [r["id"] for r in ref.read_csv(out[:-5] + "_destinations.csv")] == [f"d{d}" for d in dests])
    for k, d in enumerate(dests, 1):
        row = drows.get(f"d{d}")
        if not check.expect(f"{engine}: destination d{d} (row {k}) present", row is not None):
            continue
        passive = sum(population[o] * expo(c[o, d]) for o in origins)
        check.expect_close(f"{engine} d{d} hansen_passive", num0(row["hansen_passive_exp_0_08_max_60"]), passive,
                           rel=1e-9)
        check.expect_close(f"{engine} d{d} 2sfca ratio bin 20", ref.num(row["2sfca_ratio_bin_20"]), r_bin[d], rel=1e-9)
        check.expect_close(f"{engine} d{d} 2sfca ratio exp", ref.num(row["2sfca_ratio_exp_0_1_max_40"]), r_exp[d],
                           rel=1e-9)
        check.expect_close(f"{engine} d{d} bfca ratio", ref.num(row["bfca_ratio_exp_0_08_max_60"]), r_bal[d], rel=1e-9)
        check.expect_close(f"{engine} d{d} bfca_supply ratio", ref.num(row["bfca_supply_ratio_exp_0_08_max_60"]),
                           r_bal[d], rel=1e-9)


def num0(v):
    """FCA values: an origin or destination outside every catchment may be NULL or 0."""
    x = ref.num(v)
    return 0.0 if x is None else x


if __name__ == "__main__":
    ref.main("access", body)
