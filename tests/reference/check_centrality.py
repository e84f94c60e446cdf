"""centrality against independent implementations, on DIMACS rome99.

Exact Brandes betweenness against igraph: its C implementation is independent of midlink
and of Boost.Graph. Both count parallel edges as separate paths, split equally among
equal-cost shortest paths, and leave endpoints out of node betweenness, unnormalised.

Sampled betweenness against networkx's subset betweenness from the very sources midlink
drew (its `centrality_sources` layer) to every node, times midlink's n / samples scale.
networkx keeps one edge per node pair, so each extra parallel edge is split by a virtual
node that is never a source or a target.

Weights are the exported times in whole milliseconds (midlink's own unit), so ties are
exact everywhere.
"""
import igraph
import networkx as nx

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

    sampled(check, graph, exported)


def sampled(check, graph, exported):
    out = check.out("rome99-centrality-sampled.gpkg")
    check.run("centrality", graph, "--samples", 300, "--seed", 7, "-o", out)
    run = ref.gpkg_rows(out, "centrality_run")[0]
    check.expect("centrality_run says sampled", run["mode"] == "sampled", str(run))
    sources = [r["node_id"] for r in ref.gpkg_rows(out, "centrality_sources")]
    check.expect("300 distinct sources", len(set(sources)) == 300 == run["sources"], f"{len(set(sources))}, {run}")
    n = len(exported.key)
    check.expect_close("scale is n / samples", run["scale"], n / 300)

    g = nx.DiGraph()
    g.add_nodes_from(exported.key)
    edge_arc = {}  # midlink edge id -> the networkx arc that carries its flow
    for e in sorted(exported.edges, key=lambda e: e["edge_id"]):
        u, v, w = e["from_node"], e["to_node"], round(e["time_s"] * 1000)
        if u == v:
            continue
        if g.has_edge(u, v):
            mid = ("virtual", e["edge_id"])
            g.add_edge(u, mid, w=w // 2)
            g.add_edge(mid, v, w=w - w // 2)
            edge_arc[e["edge_id"]] = (u, mid)
        else:
            g.add_edge(u, v, w=w)
            edge_arc[e["edge_id"]] = (u, v)
    real = list(exported.key)
    node_bc = nx.betweenness_centrality_subset(g, sources=sources, targets=real, normalized=False, weight="w")
    edge_bc = nx.edge_betweenness_centrality_subset(g, sources=sources, targets=real, normalized=False, weight="w")

    got_nodes = {r["node_id"]: r["betweenness"] for r in ref.gpkg_rows(out, "nodes")}
    got_edges = {r["edge_id"]: r["betweenness"] for r in ref.gpkg_rows(out, "edges")}
    scale = run["scale"]
    top = max(node_bc.values()) * scale
    for v in real:
        check.expect_close(f"sampled node {v} betweenness", got_nodes.get(v), node_bc[v] * scale, rel=1e-9, abs_tol=1e-9 * top)
    top = max(edge_bc.values()) * scale
    for edge_id, arc in edge_arc.items():
        check.expect_close(f"sampled edge {edge_id} betweenness", got_edges.get(edge_id), edge_bc[arc] * scale,
                           rel=1e-9, abs_tol=1e-9 * top)


if __name__ == "__main__":
    ref.main("centrality", body)
