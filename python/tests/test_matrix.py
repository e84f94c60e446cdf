"""Graph.matrix: numpy in, an (n, m) float64 array of seconds out, equal to route() times."""
import math

import numpy as np
import pytest

import midlink
from conftest import sample_points


def check_matrix_equals_routes(g, origins, destinations, **options):
    times = g.matrix(origins, destinations, **options)
    assert isinstance(times, np.ndarray)
    assert times.dtype == np.float64 and times.shape == (len(origins), len(destinations))
    route_options = {k: v for k, v in options.items() if k != "threads"}
    for i, a in enumerate(origins):
        for j, b in enumerate(destinations):
            r = g.route(tuple(a), tuple(b), **route_options)
            if r.status == "ok":
                assert times[i, j] == r.time_s, (i, j)  # to the last bit
            else:
                assert r.status == "unreachable" and math.isinf(times[i, j]) and times[i, j] > 0, (i, j)
    return times


def test_rutland_matrix_equals_route_times(cli, rutland_graph, scratch):
    g = midlink.Graph.load(rutland_graph)
    points = sample_points(cli, rutland_graph, scratch, 30, seed=21)
    times = check_matrix_equals_routes(g, points[:12], points[12:])
    assert np.isfinite(times).mean() > 0.5


def test_unreachable_places_are_inf(cli, rutland_all_graph, scratch):
    g = midlink.Graph.load(rutland_all_graph)
    points = sample_points(cli, rutland_all_graph, scratch, 24, seed=24, islands=6)
    times = check_matrix_equals_routes(g, points[:12], points[12:])
    assert np.isinf(times).any() and np.isfinite(times).any()


def test_prism_matrix_equals_route_times(cli, prism_graph, scratch):
    g = midlink.Graph.load(prism_graph)
    points = sample_points(cli, prism_graph, scratch, 30, seed=22)
    check_matrix_equals_routes(g, points[:15], points[15:])
    check_matrix_equals_routes(g, points[:5], points[5:10], snap_connectors=True)


def test_threads_do_not_change_the_matrix(cli, rutland_graph, scratch):
    g = midlink.Graph.load(rutland_graph)
    points = sample_points(cli, rutland_graph, scratch, 20, seed=23)
    one = g.matrix(points, points, threads=1)
    two = g.matrix(points, points, threads=2)
    every = g.matrix(points, points)
    assert np.array_equal(one, two) and np.array_equal(one, every)
    assert np.all(np.diag(one) == 0.0)


def test_lists_of_pairs_and_empty_inputs(rutland_graph):
    g = midlink.Graph.load(rutland_graph)
    times = g.matrix([(485980, 308700)], [[498200, 304400], (485980, 308700)])
    assert times.shape == (1, 2)
    assert times[0, 0] == g.route((485980, 308700), (498200, 304400)).time_s
    assert g.matrix(np.empty((0, 2)), [(485980, 308700)]).shape == (0, 1)
    assert g.matrix([(485980, 308700)], []).shape == (1, 0)


def test_into_pandas(rutland_graph):
    import pandas  # Debian python3-pandas (tools/bootstrap.sh test)

    g = midlink.Graph.load(rutland_graph)
    towns = {"Oakham": (485980, 308700), "Ketton": (498200, 304400), "Uppingham": (486600, 299800)}
    xy = np.array(list(towns.values()))
    frame = pandas.DataFrame(g.matrix(xy, xy) / 60, index=list(towns), columns=list(towns))
    assert frame.loc["Oakham", "Oakham"] == 0.0
    assert frame.loc["Oakham", "Ketton"] == g.route(towns["Oakham"], towns["Ketton"]).time_s / 60
