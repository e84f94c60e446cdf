"""The examples in docs/python.md run as written (with the data's real paths)."""
import os
import re
from pathlib import Path

import pytest

import midlink


def python_blocks():
    text = (Path(os.environ["MIDLINK_SOURCE_DIR"]) / "docs" / "python.md").read_text()
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_session_runs(rutland_pbf, scratch, monkeypatch):
    session = python_blocks()[0]
    assert 'midlink.Graph.build("rutland-latest.osm.pbf", "car")' in session
    monkeypatch.chdir(scratch)
    session = session.replace('"rutland-latest.osm.pbf"', repr(str(rutland_pbf)))
    names = {}
    exec(compile(session, "docs/python.md", "exec"), names)
    r, minutes = names["r"], names["minutes"]
    assert r.status == "ok" and 12 < r.time_s / 60 < 25 and 10 < r.distance_m / 1000 < 20
    assert minutes.shape == (3, 3)
    assert minutes.loc["Oakham", "Ketton"] == r.time_s / 60
    assert (scratch / "rutland.mlg").exists()


def test_the_tables_example_runs(cli, rutland_graph, scratch, monkeypatch):
    example = python_blocks()[1]
    monkeypatch.chdir(scratch)
    (scratch / "out").mkdir(exist_ok=True)
    cli("graph", "export", rutland_graph, "-o", scratch / "out" / "demo-network.gpkg", "--quiet")
    names = {"midlink": midlink}
    exec(compile(example, "docs/python.md", "exec"), names)
    assert len(names["edges"]) == names["layers"]["edges"].row_count > 0
