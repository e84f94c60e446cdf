"""Studies from Python (midlink.access, midlink.coverage, midlink.assign) give the numbers
the CLI writes for the same options on real data, and with output= the same files."""
import csv
import math

import numpy as np
import pytest

import midlink


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def same_rows(table, rows, keys):
    """Every CSV column (the CLI's) is a Table column with the same value in each row,
    rows matched by `keys`; returns how many values were compared."""
    assert table.row_count == len(rows)
    assert list(rows[0]) == [c for c in table if c != "geometry"][: len(rows[0])]
    index = {tuple(str(table[k][i]) for k in keys): i for i in range(table.row_count)}
    compared = 0
    for r in rows:
        i = index[tuple(r[k] for k in keys)]
        for column, text in r.items():
            value = table[column][i]
            if text == "":  # NULL, or an empty text (a CSV cannot tell them apart)
                assert value in (None, "") or (isinstance(value, float) and math.isnan(value)), (column, r)
            elif isinstance(value, str):
                assert value == text, (column, r[keys[0]])
            else:
                assert float(value) == pytest.approx(float(text), rel=1e-9, abs=1e-12), (column, r[keys[0]])
            compared += 1
    return compared


def test_access_on_rutland_equals_cli(cli, rutland_graph, geodata, scratch):
    options = dict(
        origins=str(geodata / "drkane-geo-lookups/lsoa21/E06000017.geojson"),
        origin_id="LSOA21CD",
        population=str(geodata / "hack25usefuldata/derived-census21_pop_lsoa21.csv"),
        population_id="lsoa21_code",
        population_field="usual_residents",
        destinations=[str(geodata / "hack25usefuldata/derived-gias_schools_open_20250524.csv")],
        dest_name=["schools"],
        measures="nearest,cumulative:15|30,2sfca:30",
    )
    out = scratch / "py-access-cli.gpkg"
    cli("access", rutland_graph, "--origins", options["origins"], "--origin-id", "LSOA21CD",
        "--population", options["population"], "--population-id", "lsoa21_code",
        "--population-field", "usual_residents", "--destinations", options["destinations"][0],
        "--dest-name", "schools", "--measures", options["measures"], "-o", out, "--quiet")
    cli_areas = read_csv(scratch / "py-access-cli_areas.csv")

    g = midlink.Graph.load(rutland_graph)
    tables = midlink.access(g, **options)
    areas = tables["areas"]
    assert areas.row_count == 26  # Rutland's LSOAs (2021)
    assert same_rows(areas, cli_areas, ["id"]) >= 26 * 8
    assert same_rows(tables["destinations"], read_csv(scratch / "py-access-cli_destinations.csv"), ["id", "service"])
    frame = areas.to_pandas()
    assert list(frame.columns[: len(cli_areas[0])]) == list(cli_areas[0])

    # output= writes what the command writes.
    written = scratch / "py-access.gpkg"
    midlink.access(g, output=str(written), **options)
    assert read_csv(scratch / "py-access_areas.csv") == cli_areas


def test_coverage_by_lad_equals_cli(cli, geodata, scratch):
    areas = str(geodata / "ons-uk-topojson/derived-ltla-2024-midlands.geojson")
    tables = [str(geodata / f"ofcom-cn-laua-2016-2021/{y}_data.csv") for y in (2016, 2021)]
    out = scratch / "py-coverage-cli.gpkg"
    cli("coverage", "--areas", areas, "--area-id", "areacd", "--area-name", "areanm", "--coverage", ",".join(tables),
        "-o", out, "--quiet")
    result = midlink.coverage(areas=areas, area_id="areacd", area_name="areanm", coverage=tables)
    for layer, keys in (("coverage", ["area_code", "release"]), ("trend", ["area_code"])):
        assert same_rows(result[layer], read_csv(scratch / f"py-coverage-cli_{layer}.csv"), keys) > 100


def test_assign_siouxfalls_equals_cli(cli, geodata, scratch):
    base = geodata / "tntp-assignment/SiouxFalls/SiouxFalls"
    out = scratch / "py-assign-cli.csv"
    cli("assign", "--network", f"{base}_net.tntp", "--trips", f"{base}_trips.tntp", "--method", "bush",
        "--gap", "1e-10", "-o", out, "--quiet")
    rows = read_csv(out)
    result = midlink.assign(network=f"{base}_net.tntp", trips=f"{base}_trips.tntp", method="bush", gap=1e-10)
    flows = next(t for t in result.values() if "volume" in t)
    assert flows.row_count == len(rows) == 76
    np.testing.assert_allclose(np.asarray(flows["volume"], dtype=float), [float(r["volume"]) for r in rows],
                               rtol=1e-9)


def test_unknown_option_and_method_are_config_errors(geodata):
    base = geodata / "tntp-assignment/SiouxFalls/SiouxFalls"
    with pytest.raises(midlink.ConfigError, match="unknown option 'netwrok'"):
        midlink.assign(netwrok=f"{base}_net.tntp")
    with pytest.raises(midlink.ConfigError, match="one of: aon, fw, cfw, bfw, bush"):
        midlink.assign(network=f"{base}_net.tntp", trips=f"{base}_trips.tntp", method="tapas")


def test_isochrone_on_rutland_equals_cli(cli, rutland_graph, scratch):
    points = {"oakham": (486000.0, 308800.0), "uppingham": (486700.0, 299800.0)}
    csv_path = scratch / "py-iso-points.csv"
    with open(csv_path, "w") as f:
        f.write("id,x,y\n" + "".join(f"{k},{x!r},{y!r}\n" for k, (x, y) in points.items()))
    out = scratch / "py-iso-cli.gpkg"
    cli("isochrone", rutland_graph, "--points", csv_path, "--bands", "5,10", "-o", out, "--quiet")
    want = midlink.read_dataset(out)["bands"]

    g = midlink.Graph.load(rutland_graph)
    got = midlink.isochrone(g, points, bands=[5, 10])["bands"]
    assert got.row_count == want.row_count == 4
    assert list(got["origin_id"]) == list(want["origin_id"])
    for column in ("band_min", "area_km2", "reachable_km"):
        np.testing.assert_allclose(np.asarray(got[column], dtype=float), np.asarray(want[column], dtype=float),
                                   rtol=1e-12)
    assert all(r > 0 for r in got["reachable_km"])
    # points= reads the same CSV as the command
    again = midlink.isochrone(g, points=str(csv_path), bands=[5, 10])["bands"]
    np.testing.assert_array_equal(np.asarray(again["area_km2"]), np.asarray(got["area_km2"]))


def test_sampled_centrality_equals_cli(cli, rutland_graph, scratch):
    out = scratch / "py-centrality-cli.gpkg"
    cli("centrality", rutland_graph, "--samples", 200, "--seed", 3, "-o", out, "--quiet")
    want = midlink.read_dataset(out)
    got = midlink.centrality(midlink.Graph.load(rutland_graph), samples=200, seed=3)
    assert list(got) == list(want)
    for layer in ("edges", "nodes"):
        np.testing.assert_array_equal(np.asarray(got[layer]["betweenness"]), np.asarray(want[layer]["betweenness"]))
    assert list(got["centrality_sources"]["node_id"]) == list(want["centrality_sources"]["node_id"])
    assert got["centrality_run"]["mode"] == ["sampled"]
