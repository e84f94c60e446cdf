"""graph info and route against networkx, on DIMACS rome99 and the Rutland OSM graph.

- graph info: node, edge and link counts, strongly connected components and the
  largest one's share, total length (each physical link once), recomputed from
  `graph export` of graphs built with --components all.
- route (single, node:ID): time against networkx Dijkstra on the exported time_s, and
  the --metric distance route against networkx Dijkstra on length_m. route prints
  0.1 s and 0.1 m, so the tolerance is half of that.
- bench sssp: settled nodes per tree equal the nodes networkx reaches (all of them on
  the strongly connected rome99), for both engines.
- route --pairs: coordinates placed exactly on two-way nodes of Rutland, so the answer
  is node to node whichever edge a point snaps to.
"""
import json

import networkx as nx

import midlink_ref as ref


def check_info(check, graph, exported, what):
    info = json.loads(check.run("graph", "info", graph, "--format", "json"))
    g = nx.MultiDiGraph()
    g.add_nodes_from(exported.key)
    g.add_edges_from((e["from_node"], e["to_node"]) for e in exported.edges)
    sccs = list(nx.strongly_connected_components(g))
    largest = max(len(c) for c in sccs)
    length_km = sum({e["link_id"]: e["length_m"] for e in exported.edges}.values()) / 1000.0
    check.expect_close(f"{what} nodes", info["nodes"], g.number_of_nodes(), rel=0)
    check.expect_close(f"{what} directed edges", info["edges"], g.number_of_edges(), rel=0)
    check.expect_close(f"{what} physical links", info["links"], len({e["link_id"] for e in exported.edges}), rel=0)
    check.expect_close(f"{what} strongly connected components", info["components"], len(sccs), rel=0)
    check.expect_close(f"{what} strongly connected components kept", info["components_kept"], len(sccs), rel=0)
    check.expect_close(f"{what} largest component share", info["largest_component_share"],
                       largest / g.number_of_nodes(), rel=1e-6)
    check.expect_close(f"{what} total length km", info["total_length_km"], length_km, rel=1e-6, abs_tol=0.01)


def check_single_routes(check, graph, exported, nodes, pairs, what):
    by_time = exported.digraph("time_s")
    by_length = exported.digraph("length_m")
    for _ in range(pairs):
        a, b = check.rng.sample(nodes, 2)
        ka, kb = exported.key[a], exported.key[b]
        # printed to 0.1 s and 0.1 m: half of that is the tolerance
        for metric, g, field, unit_tol in (("time", by_time, "time_s", 0.051), ("distance", by_length, "distance_m", 0.051)):
            r = json.loads(check.run("route", graph, "--from", f"node:{ka}", "--to", f"node:{kb}",
                                     "--metric", metric, "--format", "json"))
            try:
                want = nx.dijkstra_path_length(g, a, b, weight="w")
            except nx.NetworkXNoPath:
                want = None
            got = r.get(field) if r["status"] == "ok" else None
            check.expect_close(f"{what} route node:{ka} -> node:{kb} {field}", got, want, rel=1e-9, abs_tol=unit_tol)


def check_pairs(check, graph, exported, nodes, count):
    pairs_csv = check.out("rutland-pairs.csv")
    chosen = []
    with open(pairs_csv, "w") as f:
        f.write("id,from_x,from_y,to_x,to_y\n")
        starts = check.rng.sample(nodes, 30)  # 30 searches in the reference cover every pair
        for i in range(count):
            a, b = check.rng.choice(starts), check.rng.choice(nodes)
            (ax, ay), (bx, by) = exported.xy[a], exported.xy[b]
            f.write(f"p{i},{ax!r},{ay!r},{bx!r},{by!r}\n")
            chosen.append((f"p{i}", a, b))
    out = check.out("rutland-pairs-out.csv")
    check.run("route", graph, "--pairs", pairs_csv, "-o", out)
    rows = {r["id"]: r for r in ref.read_csv(out)}
    g = exported.digraph("time_s")
    sources = {a for _, a, _ in chosen}
    dist = {a: nx.single_source_dijkstra_path_length(g, a, weight="w") for a in sources}
    for pid, a, b in chosen:
        row = rows.get(pid)
        got = ref.num(row["time_s"]) if row and row["status"] == "ok" else None
        check.expect_close(f"route --pairs {pid} time_s", got, dist[a].get(b), rel=1e-9, abs_tol=0.051)


def check_bench(check, graph, exported, what):
    """bench sssp: every one-to-all tree settles every node reachable from its source; on a
    strongly connected graph (networkx says so) that is every node."""
    g = nx.DiGraph((e["from_node"], e["to_node"]) for e in exported.edges)
    g.add_nodes_from(exported.key)
    if not check.expect(f"{what} is strongly connected", nx.is_strongly_connected(g)):
        return
    for engine in ("dijkstra", "phast"):
        r = json.loads(check.run("bench", "sssp", graph, "--sources", 20, "--seed", 3, "--engine", engine,
                                 "--format", "json"))
        check.expect_close(f"{what} bench sssp {engine} settled_per_tree", r["settled_per_tree"],
                           g.number_of_nodes(), rel=0)


def body(check):
    rome = ref.graph_build(check, "rome99-all", "--network", check.data("dimacs9-rome99/rome99.gr"),
                           "--components", "all")
    rome_x = ref.ExportedGraph(check, rome, "rome99")
    check_info(check, rome, rome_x, "rome99")
    check_single_routes(check, rome, rome_x, sorted(rome_x.key), 5, "rome99")
    check_bench(check, rome, rome_x, "rome99")

    # every component kept, so that graph info's component counts can be recomputed
    rutland_all = ref.graph_build(check, "rutland-all", "--network",
                                  check.data("osm-rutland-pydriosm/rutland-latest.osm.pbf"), "--profile", "car",
                                  "--components", "all")
    check_info(check, rutland_all, ref.ExportedGraph(check, rutland_all, "rutland-all"), "rutland")
    rutland = ref.rutland_graph(check)
    rut_x = ref.ExportedGraph(check, rutland, "rutland")
    check_single_routes(check, rutland, rut_x, sorted(rut_x.key), 5, "rutland")
    check_pairs(check, rutland, rut_x, rut_x.two_way_nodes(), 300)


if __name__ == "__main__":
    ref.main("graph_and_route", body)
