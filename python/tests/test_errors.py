"""midlink errors arrive as Python exceptions of the same kind, with the CLI's message."""
import numpy as np
import pytest

import midlink


def test_exception_classes():
    assert issubclass(midlink.InputError, midlink.Error) and issubclass(midlink.InputError, ValueError)
    assert issubclass(midlink.ConfigError, ValueError) and issubclass(midlink.VersionError, ValueError)
    assert issubclass(midlink.OutputError, midlink.Error) and issubclass(midlink.OutputError, OSError)
    assert [c.exit_code for c in (midlink.Error, midlink.ConfigError, midlink.InputError, midlink.VersionError,
                                  midlink.OutputError)] == [1, 2, 3, 4, 5]


def test_missing_graph_file_names_it(cli, scratch):
    missing = scratch / "no-such-graph.mlg"
    with pytest.raises(midlink.InputError) as err:
        midlink.Graph.load(missing)
    assert str(missing) in str(err.value)
    # The same text as the CLI's error line.
    out = cli("graph", "info", missing, check=False)
    assert out.returncode == midlink.InputError.exit_code
    assert f"midlink: error: {err.value}" in out.stderr


def test_damaged_graph_file_names_it(rutland_graph, scratch):
    damaged = scratch / "damaged.mlg"
    damaged.write_bytes(rutland_graph.read_bytes()[:5000])
    with pytest.raises(midlink.InputError, match="damaged.mlg"):
        midlink.Graph.load(damaged)
    not_a_graph = scratch / "not-a-graph.mlg"
    not_a_graph.write_text("hello")
    with pytest.raises(midlink.InputError, match="not-a-graph.mlg"):
        midlink.Graph.load(not_a_graph)


def test_missing_network_and_bad_profile(cli, scratch, rutland_pbf):
    missing = scratch / "nowhere.osm.pbf"
    with pytest.raises(midlink.InputError) as err:
        midlink.Graph.build(missing, "car")
    assert str(missing) in str(err.value)
    with pytest.raises(midlink.ConfigError, match="no-such-profile"):
        midlink.Graph.build(rutland_pbf, "no-such-profile")
    with pytest.raises(midlink.ConfigError, match="bfs|order|format"):
        midlink.Graph.build(rutland_pbf, "car", format="shapefile")
    bad_profile = scratch / "bad-profile.yaml"
    bad_profile.write_text("speedz_mph: {motorway: 70}\n")
    with pytest.raises(midlink.ConfigError) as err:
        midlink.Graph.build(rutland_pbf, bad_profile)
    assert "bad-profile.yaml" in str(err.value) and "speedz_mph" in str(err.value)
    out = cli("graph", "build", "--network", rutland_pbf, "--profile", bad_profile, "-o", scratch / "x.mlg", check=False)
    assert out.returncode == midlink.ConfigError.exit_code
    assert f"midlink: error: {err.value}" in out.stderr


def test_unsnapped_matrix_point_names_its_index(rutland_graph):
    g = midlink.Graph.load(rutland_graph)
    good = (485980, 308700)
    with pytest.raises(midlink.InputError, match="destination 1 "):
        g.matrix([good], [good, (300000, 300000)])
    with pytest.raises(midlink.InputError, match="origin 2 "):
        g.matrix([good, good, (300000, 300000)], [good])
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        g.matrix(np.zeros((3, 3)), [good])
    with pytest.raises(midlink.ConfigError, match="max_snap_m"):
        g.route(good, good, max_snap_m=-5)


def test_save_into_a_missing_folder_is_an_output_error(rutland_graph, scratch):
    g = midlink.Graph.load(rutland_graph)
    with pytest.raises(midlink.OutputError) as err:
        g.save(scratch / "no-such-folder" / "g.mlg")
    assert isinstance(err.value, OSError)
    assert "no-such-folder" in str(err.value)
