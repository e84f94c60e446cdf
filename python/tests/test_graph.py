"""Graph.load/build/route on Rutland (OSM) and PRISM (TNTP) against `midlink route`."""
import concurrent.futures
import math

import pytest

import midlink
from conftest import cli_routes, sample_points


def check_routes_equal_cli(cli, graph_path, scratch, name, seed, extra=(), islands=0, **route_options):
    g = midlink.Graph.load(graph_path)
    points = sample_points(cli, graph_path, scratch, 12, seed, islands)
    origins, destinations = points[:6], points[6:]
    rows, lines = cli_routes(cli, graph_path, scratch, origins, destinations, name, extra)
    statuses = set()
    for i, a in enumerate(origins):
        for j, b in enumerate(destinations):
            key = f"{i}-{j}"
            r = g.route(tuple(a), tuple(b), **route_options)
            statuses.add(r.status)
            assert r.status == rows[key]["status"], key
            if r.status != "ok":
                assert math.isnan(r.time_s) and r.geometry == []
                continue
            # The CSV rounds to 0.1; the GeoPackage keeps every bit.
            assert f"{r.time_s:.1f}" == rows[key]["time_s"], key
            assert f"{r.distance_m:.1f}" == rows[key]["distance_m"], key
            time_s, distance_m, parts = lines[key]
            assert r.time_s == time_s, key
            assert r.distance_m == distance_m, key
            assert r.geometry == parts[0], key
    assert "ok" in statuses
    return statuses


def test_rutland_routes_equal_cli(cli, rutland_graph, scratch):
    check_routes_equal_cli(cli, rutland_graph, scratch, "rutland", seed=12)


def test_rutland_islands_are_unreachable_as_in_cli(cli, rutland_all_graph, scratch):
    statuses = check_routes_equal_cli(cli, rutland_all_graph, scratch, "rutland-all", seed=13, islands=4)
    assert statuses == {"ok", "unreachable"}


def test_prism_routes_equal_cli(cli, prism_graph, scratch):
    check_routes_equal_cli(cli, prism_graph, scratch, "prism", seed=7)


def test_prism_routes_with_connectors_equal_cli(cli, prism_graph, scratch):
    check_routes_equal_cli(cli, prism_graph, scratch, "prism-conn", seed=8, extra=("--snap-connectors",),
                           snap_connectors=True)


def test_single_route_equals_cli_json(cli, rutland_graph):
    g = midlink.Graph.load(rutland_graph)
    a, b = (485980, 308700), (498200, 304400)  # Oakham -> Ketton
    r = g.route(a, b)
    out = cli("route", rutland_graph, "--from", "485980,308700", "--to", "498200,304400", "--format", "json").stdout
    assert r.ok and r.status == "ok"
    assert f'"time_s":{r.time_s:.1f}' in out
    assert f'"distance_m":{r.distance_m:.1f}' in out
    assert 12 * 60 < r.time_s < 25 * 60
    assert "status='ok'" in repr(r)


def test_far_point_is_unsnapped(rutland_graph):
    g = midlink.Graph.load(rutland_graph)
    r = g.route((300000, 300000), (485980, 308700))
    assert r.status == "unsnapped" and not r.ok
    assert math.isnan(r.distance_m)
    assert g.route((300000, 300000), (485980, 308700), max_snap_m=500000).status == "ok"


def test_build_in_python_writes_the_cli_graph_file(cli, rutland_graph, rutland_pbf, scratch):
    g = midlink.Graph.build(rutland_pbf, "car")
    path = scratch / "rutland-python.mlg"
    g.save(path)
    assert path.read_bytes() == rutland_graph.read_bytes()
    info = g.info()
    assert info == midlink.Graph.load(rutland_graph).info()
    assert info["crs"] == "EPSG:27700" and info["profile"] == "car"
    assert info["source"] == str(rutland_pbf)
    assert info["node_count"] > 1000 and info["edge_count"] > info["node_count"]
    cli_info = cli("graph", "info", rutland_graph, "--format", "json").stdout
    assert f'"nodes":{info["node_count"]}' in cli_info.replace(" ", "")
    assert f'"edges":{info["edge_count"]}' in cli_info.replace(" ", "")


def test_build_prism_with_a_profile_file(prism_net, prism_graph, profiles, scratch):
    g = midlink.Graph.build(prism_net, profiles / "car-no-connectors.yaml", format="tntp")
    path = scratch / "prism-python.mlg"
    g.save(path)
    assert path.read_bytes() == prism_graph.read_bytes()


def test_build_logs_progress_to_the_midlink_logger(rutland_pbf, caplog):
    with caplog.at_level("INFO", logger="midlink"):
        midlink.Graph.build(rutland_pbf, "hgv")
    assert any("building graph for profile 'hgv'" in m for m in caplog.messages)


def test_threads_query_one_graph_at_once(rutland_graph, cli, scratch):
    g = midlink.Graph.load(rutland_graph)
    points = [tuple(p) for p in sample_points(cli, rutland_graph, scratch, 12, seed=3)]
    pairs = [(a, b) for a in points for b in points]
    sequential = [g.route(a, b).time_s for a, b in pairs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda ab: g.route(*ab).time_s, pairs))
    assert [str(t) for t in parallel] == [str(t) for t in sequential]


def test_version_and_repr(rutland_graph):
    assert midlink.__version__.count(".") == 2
    assert repr(midlink.Graph.load(rutland_graph)).startswith("<midlink.Graph ")
