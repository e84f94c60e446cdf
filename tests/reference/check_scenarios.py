"""scenarios: appraisal (means, person-minutes, benefit, BCR, ranking) recomputed by hand
from igraph travel times on an independently edited copy of the Rutland graph.

Origins and destinations sit exactly on two-way nodes away from the edited roads. The
closure removes every edge whose ref is A6003 (midlink matches refs exactly); the public
transport link joins two nodes both ways at a fixed 3 minutes. For each scenario the
nearest-destination time of every origin is recomputed with igraph; then
  mean      = sum P_i t_i / sum P_i over origins with a time,
  person    = sum P_i (t_base - t_scenario) over origins with both times,
  benefit   = person / 60 x value of time x trips per person per year x years,
  bcr       = benefit / cost,
and the ranking is by bcr, best first.
"""
import math

import igraph

import midlink_ref as ref

VOT, TRIPS, YEARS, MAX_MIN = 10.0, 190.0, 30.0, 60.0
SCENARIOS = (("Close the A6003", 1_000_000.0), ("Rail link", 5_000_000.0))


def body(check):
    graph = ref.rutland_graph(check)
    x = ref.ExportedGraph(check, graph, "rutland")
    near_edit = {e["from_node"] for e in x.edges if e["ref"] == "A6003"} | {
        e["to_node"] for e in x.edges if e["ref"] == "A6003"}
    check.expect("Rutland has an A6003", len(near_edit) > 10, str(len(near_edit)))
    nodes = [n for n in x.two_way_nodes() if n not in near_edit]
    picked = check.rng.sample(nodes, 130)
    origins, dests, (pa, pb) = picked[:100], picked[100:128], picked[128:]
    population = {o: check.rng.randint(50, 2000) for o in origins}

    ocsv, dcsv = check.out("origins.csv"), check.out("dests.csv")
    x.write_points(ocsv, "o", origins, population=population)
    x.write_points(dcsv, "d", dests)
    project, scen = check.out("project.yaml"), check.out("scenarios.yaml")
    with open(project, "w") as f:
        f.write(f"name: reference\ngraph: {graph}\naccess:\n  origins: {ocsv}\n  origin_id: id\n"
                f"  population_field: population\n  destinations: [{{path: {dcsv}, name: s}}]\n"
                f"  measures: nearest\n  max_time_min: {MAX_MIN}\n"
                f"benefit:\n  measures: [s_nearest_min]\n  value_of_time_gbp_per_hour: {VOT}\n"
                f"  trips_per_person_per_year: {TRIPS}\n  years: {YEARS}\n")
    (ax, ay), (bx, by) = x.xy[pa], x.xy[pb]
    with open(scen, "w") as f:
        f.write("scenarios:\n"
                f"  - name: {SCENARIOS[0][0]}\n    cost_gbp: {SCENARIOS[0][1]}\n"
                "    interventions:\n      - {type: closure, refs: [A6003]}\n"
                f"  - name: {SCENARIOS[1][0]}\n    cost_gbp: {SCENARIOS[1][1]}\n"
                f"    interventions:\n      - {{type: pt_link, from: {{x: {ax!r}, y: {ay!r}}}, to: {{x: {bx!r}, y: {by!r}}}, "
                "time_min: 3}\n")
    out = check.out("ranking.gpkg")
    check.run("scenarios", project, "--scenarios", scen, "-o", out)
    ranking = {r["scenario"]: r for r in ref.gpkg_rows(out, "ranking")}

    nodes_all = sorted(x.key)
    index = {n: i for i, n in enumerate(nodes_all)}

    def nearest(edges, weights):
        g = igraph.Graph(n=len(nodes_all), edges=edges, directed=True)
        m = g.distances(source=[index[o] for o in origins], target=[index[d] for d in dests], weights=weights)
        out = {}
        for i, o in enumerate(origins):
            best = min(m[i])
            out[o] = best / 60000.0 if best != math.inf and best / 60000.0 <= MAX_MIN else None
        return out

    base_edges = [(index[e["from_node"]], index[e["to_node"]]) for e in x.edges]
    base_ms = [round(e["time_s"] * 1000) for e in x.edges]
    base = nearest(base_edges, base_ms)
    keep = [i for i, e in enumerate(x.edges) if e["ref"] != "A6003"]
    closed = nearest([base_edges[i] for i in keep], [base_ms[i] for i in keep])
    rail = nearest(base_edges + [(index[pa], index[pb]), (index[pb], index[pa])], base_ms + [180000, 180000])

    def mean(t):
        have = [o for o in origins if t[o] is not None]
        return sum(population[o] * t[o] for o in have) / sum(population[o] for o in have)

    bcr = {}
    for (name, cost), after in zip(SCENARIOS, (closed, rail)):
        row = ranking.get(name)
        if not check.expect(f"ranking row for {name}", row is not None):
            continue
        person = sum(population[o] * (base[o] - after[o]) for o in origins
                     if base[o] is not None and after[o] is not None)
        benefit = person / 60.0 * VOT * TRIPS * YEARS
        bcr[name] = benefit / cost
        check.expect_close(f"{name} base mean", row["s_nearest_min_base_mean"], mean(base), rel=1e-9)
        check.expect_close(f"{name} scenario mean", row["s_nearest_min_scenario_mean"], mean(after), rel=1e-9)
        check.expect_close(f"{name} person-minutes", row["s_nearest_min_person_total"], person, rel=1e-9, abs_tol=1e-6)
        check.expect_close(f"{name} benefit_gbp", row["benefit_gbp"], benefit, rel=1e-9, abs_tol=1e-3)
        check.expect_close(f"{name} bcr", row["bcr"], bcr[name], rel=1e-9, abs_tol=1e-12)
    order = sorted(bcr, key=lambda n: -bcr[n])
    for rank, name in enumerate(order, 1):
        if name in ranking:
            check.expect(f"{name} rank {rank}", int(ranking[name]["rank"]) == rank, str(ranking[name]["rank"]))
    check.expect("the closure loses time", bcr.get(SCENARIOS[0][0], 0) < 0, str(bcr))


if __name__ == "__main__":
    ref.main("scenarios", body)
