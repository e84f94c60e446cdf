"""Shared fixtures: the CLI binary, the real data, graphs built once per test file.

CTest sets MIDLINK_BINARY, MIDLINK_GEODATA, MIDLINK_PROFILES, MIDLINK_TEST_DATA and a
PYTHONPATH at the built module (python/CMakeLists.txt).
"""
import csv
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

import midlink


def env_path(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these tests through ctest (label integration)")
    return Path(value)


@pytest.fixture(scope="session")
def cli():
    """Runs the midlink binary; returns the CompletedProcess (text)."""
    binary = env_path("MIDLINK_BINARY")

    def run(*args, check=True):
        result = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True)
        if check and result.returncode != 0:
            pytest.fail(f"midlink {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
        return result

    return run


@pytest.fixture(scope="session")
def geodata():
    return env_path("MIDLINK_GEODATA")


@pytest.fixture(scope="session")
def profiles():
    return env_path("MIDLINK_PROFILES")


@pytest.fixture(scope="session")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("midlink")


@pytest.fixture(scope="session")
def rutland_pbf(geodata):
    return geodata / "osm-rutland-pydriosm" / "rutland-latest.osm.pbf"


@pytest.fixture(scope="session")
def prism_net(geodata):
    return geodata / "tntp-birmingham-prism" / "Birmingham_Net.tntp"


@pytest.fixture(scope="session")
def rutland_graph(cli, scratch, rutland_pbf):
    """The Rutland OSM extract, car profile, built by `midlink graph build`."""
    path = scratch / "rutland.mlg"
    cli("graph", "build", "--network", rutland_pbf, "--profile", "car", "-o", path, "--quiet")
    return path


@pytest.fixture(scope="session")
def rutland_all_graph(cli, scratch, rutland_pbf):
    """Rutland keeping every strongly connected component: some places cannot reach others."""
    path = scratch / "rutland-all.mlg"
    cli("graph", "build", "--network", rutland_pbf, "--profile", "car", "--components", "all", "-o", path, "--quiet")
    return path


@pytest.fixture(scope="session")
def prism_graph(cli, scratch, prism_net, profiles):
    """PRISM (West Midlands, TNTP) without its zone connectors, built by the CLI."""
    path = scratch / "prism.mlg"
    cli("graph", "build", "--network", prism_net, "--profile", profiles / "car-no-connectors.yaml",
        "-o", path, "--quiet")
    return path


def sample_points(cli, graph_path, scratch, count, seed, islands=0):
    """Points near the graph's nodes (fixed seed): half exactly on a node, half up to 40 m
    off one, so routes start and end on nodes and part-way along edges. `islands` of them
    are on nodes outside the largest strongly connected component."""
    export = scratch / f"{graph_path.stem}-export.gpkg"
    if not export.exists():
        cli("graph", "export", graph_path, "-o", export, "--quiet")
    nodes = midlink.read_dataset(export)["nodes"]
    xy = np.array([parts[0][0] for parts in nodes["geometry"]])
    rng = np.random.default_rng(seed)
    main = np.flatnonzero(nodes["component"] == 0)
    other = np.flatnonzero(nodes["component"] != 0)
    assert len(other) >= islands
    picked = np.concatenate([rng.choice(main, size=count - islands, replace=False),
                             rng.choice(other, size=islands, replace=False)])
    picked = xy[rng.permutation(picked)]
    offset = rng.uniform(-40, 40, size=picked.shape)
    offset[: count // 2] = 0.0
    return picked + offset


def cli_routes(cli, graph_path, scratch, origins, destinations, name, extra=()):
    """`midlink route --pairs` for every (origin, destination) pair, with --geometry: the
    CSV rows and the route lines (full precision) by pair id."""
    pairs = scratch / f"{name}-pairs.csv"
    with open(pairs, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "from_x", "from_y", "to_x", "to_y"])
        for i, a in enumerate(origins):
            for j, b in enumerate(destinations):
                w.writerow([f"{i}-{j}", repr(float(a[0])), repr(float(a[1])), repr(float(b[0])), repr(float(b[1]))])
    out = scratch / f"{name}-routes.csv"
    lines = scratch / f"{name}-routes.gpkg"
    cli("route", graph_path, "--pairs", pairs, "-o", out, "--geometry", lines, "--quiet", *extra)
    with open(out, newline="") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    table = midlink.read_dataset(lines)["routes"]
    geometry = {table["id"][k]: (table["time_s"][k], table["distance_m"][k], table["geometry"][k])
                for k in range(table.row_count)}
    return rows, geometry
