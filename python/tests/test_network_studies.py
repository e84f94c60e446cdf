"""Studies along the network from Python (midlink.corridors, midlink.gaps,
midlink.fibre_cost, midlink.flows) return the layers the CLI writes for the same options,
on the real data of the CLI's own integration tests (tests/integration/test_cli_*.cpp)."""
import csv
import math
import os
from pathlib import Path

import pytest

import midlink


def same_value(got, want):
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return got is None or (isinstance(got, float) and math.isnan(got))
    if isinstance(want, str):
        return got == want
    return float(got) == pytest.approx(float(want), rel=1e-12, abs=1e-12)


def assert_same_layers(got, want, layers=None):
    """Every layer of the CLI's output (`want`, read back with read_dataset) is a Python
    table with the same columns in order and the same values row by row, geometry included.
    Returns how many values were compared."""
    assert list(got) == list(want) if layers is None else set(layers) <= set(got)
    compared = 0
    for name in layers or list(want):
        g, w = got[name], want[name]
        assert list(g) == list(w), name
        assert g.row_count == w.row_count, name
        for column in w:
            for i in range(w.row_count):
                if column == "geometry":
                    gp, wp = g[column][i], w[column][i]
                    assert len(gp) == len(wp), (name, i)
                    for a, b in zip(gp, wp):
                        assert a == pytest.approx(b, rel=1e-12), (name, i)
                else:
                    assert same_value(g[column][i], w[column][i]), (name, column, i, g[column][i], w[column][i])
                compared += 1
    return compared


@pytest.fixture(scope="module")
def midlands_yaml():
    return Path(os.environ["MIDLINK_SOURCE_DIR"]) / "geodata" / "corridors" / "midlands.yaml"


@pytest.fixture(scope="module")
def srn_graph(cli, scratch, geodata):
    path = scratch / "srn.mlg"
    cli("graph", "build", "--network", geodata / "srn-network-graph/SRN_region_graph.csv", "-o", path, "--quiet")
    return path


def test_corridors_on_prism_equal_cli(cli, prism_graph, midlands_yaml, scratch):
    out = scratch / "py-corridors-cli.gpkg"
    cli("corridors", prism_graph, "--corridors", midlands_yaml, "--k", 3, "-o", out, "--quiet")
    want = midlink.read_dataset(out)
    got = midlink.corridors(midlink.Graph.load(prism_graph), corridors=str(midlands_yaml), k=3)
    assert list(got) == ["corridors", "alternatives", "critical_links"]
    assert got["corridors"].row_count >= 3
    assert assert_same_layers(got, want) > 500


def test_gaps_on_the_srn_equal_cli(cli, srn_graph, midlands_yaml, geodata, scratch):
    # As CliGaps.MidlandsCorridorsOnTheSrnAgainstOfcomCoverage: Ofcom's May 2021 coverage of
    # the Midlands LADs, the Midlands corridors on the SRN. The corridors come from Python
    # with output=, which must write what the command writes.
    cov = scratch / "py-gaps-coverage.gpkg"
    cli("coverage", "--areas", geodata / "ons-uk-topojson/derived-ltla-2024-midlands.geojson", "--area-id", "areacd",
        "--area-name", "areanm", "--coverage", geodata / "ofcom-cn-laua-2016-2021/202105_fixed_laua_coverage_r01.csv",
        "-o", cov, "--quiet")
    corr_cli = scratch / "py-gaps-corridors-cli.gpkg"
    cli("corridors", srn_graph, "--corridors", midlands_yaml, "--max-snap", 12000, "-o", corr_cli, "--quiet")
    corr = scratch / "py-gaps-corridors.gpkg"
    midlink.corridors(midlink.Graph.load(srn_graph), corridors=str(midlands_yaml), max_snap=12000, output=str(corr))
    assert_same_layers(midlink.read_dataset(corr), midlink.read_dataset(corr_cli))

    out = scratch / "py-gaps-cli.gpkg"
    cli("gaps", "--corridors", corr, "--coverage", cov, "--threshold", 40, "-o", out, "--quiet")
    want = midlink.read_dataset(out)
    got = midlink.gaps(corridors=str(corr), coverage=str(cov), threshold=40)
    assert list(got) == ["segments", "gaps", "gap_scores", "gap_method"]
    assert got["segments"].row_count > 50
    assert assert_same_layers(got, want) > 1000


def test_fibre_cost_on_rutland_equals_cli(cli, rutland_graph, geodata, scratch):
    # As CliFibreCost: Rutland's LSOA centroids (and one far point) from Oakham and Uppingham.
    codes = set(midlink.read_dataset(geodata / "drkane-geo-lookups/lsoa21/E06000017.geojson").popitem()[1]["LSOA21CD"])
    premises = scratch / "py-fibre-premises.csv"
    with open(geodata / "drkane-geo-lookups/lsoa_latlong.csv", newline="") as f, open(premises, "w") as out:
        out.write("id,longitude,latitude\n")
        rows = [r for r in csv.DictReader(f) if r["LSOACD"] in codes]
        out.writelines(f"{r['LSOACD']},{r['longitude']},{r['latitude']}\n" for r in rows)
        out.write("far,-1.5,52.0\n")
    assert len(rows) == 26
    served = scratch / "py-fibre-served.csv"
    served.write_text("id,easting,northing\noakham,485980,308700\nuppingham,486650,299700\n")
    out = scratch / "py-fibre-cli.gpkg"
    cli("fibre-cost", rutland_graph, "--premises", premises, "--premises-id", "id", "--served", served,
        "--served-id", "id", "-o", out, "--quiet")
    want = midlink.read_dataset(out)
    got = midlink.fibre_cost(midlink.Graph.load(rutland_graph), premises=str(premises), premises_id="id",
                             served=str(served), served_id="id")
    assert list(got) == ["build_network", "premises", "served", "summary"]
    assert got["premises"].row_count == 27
    assert 1 <= got["summary"]["unsnapped"][0] < 27  # "far" is, some village centroids are too
    assert assert_same_layers(got, want) > 300


def test_flows_on_southampton_equal_cli(cli, geodata, scratch):
    # As CliFlows: the nismod-transport network with its directed DfT AADF counts.
    graph = scratch / "nismod.mlg"
    cli("graph", "build", "--network", geodata / "nismod-transport/network.shp", "--ref-field", "RoadNumber",
        "--class-from-ref", "-o", graph, "--quiet")
    counts = geodata / "nismod-transport/AADFdirected.shp"
    out = scratch / "py-flows-cli.gpkg"
    cli("flows", graph, "--counts", counts, "--tolerance-m", 400, "-o", out, "--quiet")
    want = midlink.read_dataset(out)
    got = midlink.flows(midlink.Graph.load(graph), counts=str(counts), tolerance_m=400)
    assert list(got) == ["flows", "counts"]
    assert got["counts"].row_count == 284
    assert assert_same_layers(got, want) > 10000


def test_unknown_option_names_the_study(prism_graph):
    with pytest.raises(midlink.ConfigError, match="corridors: unknown option 'kk'"):
        midlink.corridors(midlink.Graph.load(prism_graph), kk=3)
