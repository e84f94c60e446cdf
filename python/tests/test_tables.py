"""LayerData tables: midlink.read_dataset on CLI outputs, columns as numpy, to_pandas()."""
import numpy as np
import pytest

import midlink


@pytest.fixture(scope="module")
def exported(cli, rutland_graph, scratch):
    path = scratch / "rutland-tables.gpkg"
    cli("graph", "export", rutland_graph, "-o", path, "--quiet")
    return midlink.read_dataset(path)


def test_layers_and_columns(exported, rutland_graph):
    assert {"edges", "nodes"} <= set(exported)
    edges = exported["edges"]
    assert isinstance(edges, midlink.Table) and isinstance(edges, dict)
    assert edges.name == "edges" and edges.crs == "EPSG:27700"
    info = midlink.Graph.load(rutland_graph).info()
    assert exported["nodes"].row_count == info["node_count"]
    numeric = [k for k, v in edges.items() if isinstance(v, np.ndarray)]
    text = [k for k, v in edges.items() if isinstance(v, list) and k != "geometry"]
    assert numeric and text
    for key in numeric:
        assert len(edges[key]) == edges.row_count and edges[key].dtype in (np.float64, np.int64)
    for key in text:
        assert all(v is None or isinstance(v, str) for v in edges[key])
    line = edges["geometry"][0]
    assert len(line) == 1 and len(line[0]) >= 2 and len(line[0][0]) == 2


def test_to_pandas(exported):
    import pandas  # Debian python3-pandas (tools/bootstrap.sh test)

    edges = exported["edges"]
    frame = edges.to_pandas()
    assert list(frame.columns) == list(edges)
    assert len(frame) == edges.row_count
    assert frame.attrs["name"] == "edges" and frame.attrs["crs"] == "EPSG:27700"
    assert midlink.to_pandas(edges).equals(frame)


def test_missing_dataset_is_an_input_error(scratch):
    with pytest.raises(midlink.InputError, match="nothing-here.gpkg"):
        midlink.read_dataset(scratch / "nothing-here.gpkg")
