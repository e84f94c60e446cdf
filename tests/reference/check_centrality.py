"""centrality (exact Brandes betweenness) against igraph, on DIMACS rome99.

igraph's C implementation is independent of midlink and of Boost.Graph. Both count
parallel edges as separate paths, split equally among equal-cost shortest paths, and
leave endpoints out of node betweenness, unnormalised. Weights are the exported times
in whole milliseconds (midlink's own unit), so ties are exact in both.
"""
import igraph

import midlink_ref as ref


def body(check):
    graph = ref.rome_graph(check)
    exported = ref.ExportedGraph(check, graph, "rome99")
    out = check.out("rome99-centrality.gpkg")
    check.run("centrality", graph, "--samples", 0, "-o", out)
    run = ref.gpkg_rows(out, "centrality_run")
    check.expect("centrality_run says exact", any("exact" in str(v) for v in run[0].values()), str(run))

    nodes = sorted(exported.key)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(exported.edges, key=lambda e: e["edge_id"])
    g = igraph.Graph(n=len(nodes), edges=[(index[e["from_node"]], index[e["to_node"]]) for e in edges], directed=True)
    weights = [round(e["time_s"] * 1000) for e in edges]
    node_bc = g.betweenness(directed=True, weights=weights)
    edge_bc = g.edge_betweenness(directed=True, weights=weights)

    got_nodes = {r["node_id"]: r["betweenness"] for r in ref.gpkg_rows(out, "nodes")}
    got_edges = {r["edge_id"]: r["betweenness"] for r in ref.gpkg_rows(out, "edges")}
    check.expect("one node row per node", len(got_nodes) == len(nodes), f"{len(got_nodes)} vs {len(nodes)}")
    check.expect("one edge row per edge", len(got_edges) == len(edges), f"{len(got_edges)} vs {len(edges)}")
    scale = max(node_bc)
    for n in nodes:
        check.expect_close(f"node {n} betweenness", got_nodes.get(n), node_bc[index[n]], rel=1e-9, abs_tol=1e-9 * scale)
    scale = max(edge_bc)
    for i, e in enumerate(edges):
        if e["from_node"] == e["to_node"]:
            continue
        check.expect_close(f"edge {e['edge_id']} betweenness", got_edges.get(e["edge_id"]), edge_bc[i],
                           rel=1e-9, abs_tol=1e-9 * scale)


if __name__ == "__main__":
    ref.main("centrality", body)
