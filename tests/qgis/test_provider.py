"""The midlink Processing provider in a headless QGIS (Debian's python3-qgis).

Runs the access algorithm on Rutland through processing.run, as a QGIS user would, and
opens the result as QGIS opens it: valid, in EPSG:27700, one feature per LSOA, and drawn
with the default style midlink stored in layer_styles (graduated on the main measure).

Environment (set by CTest, QGIS.provider): MIDLINK_BINARY, MIDLINK_GEODATA,
MIDLINK_SOURCE_DIR. Skipped only when `import qgis` fails.
"""
import os
import subprocess
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
qgis_core = pytest.importorskip("qgis.core", reason="qgis is not installed (apt-get install python3-qgis)")

SOURCE = os.environ.get("MIDLINK_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
GEODATA = os.environ.get("MIDLINK_GEODATA", os.path.join(SOURCE, "..", "shared", "geodata"))
sys.path.insert(0, os.path.join(SOURCE, "qgis"))
sys.path.insert(0, "/usr/share/qgis/python/plugins")  # Processing's Python part


@pytest.fixture(scope="module")
def qgis_app():
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from midlink_processing.plugin import MidlinkPlugin

    plugin = MidlinkPlugin()
    plugin.initProcessing()
    yield app
    plugin.unload()
    # No exitQgis(): tearing QGIS down at interpreter exit crashes some builds.


@pytest.fixture(scope="module")
def rutland_graph(tmp_path_factory):
    graph = str(tmp_path_factory.mktemp("graph") / "rutland.mlg")
    network = os.path.join(GEODATA, "osm-rutland-pydriosm", "rutland-latest.osm.pbf")
    subprocess.run([os.environ["MIDLINK_BINARY"], "graph", "build", "--network", network, "--profile", "car",
                    "-o", graph, "--quiet"], check=True)
    return graph


def test_provider_lists_every_command(qgis_app):
    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("midlink")
    assert provider is not None
    names = {a.name() for a in provider.algorithms()}
    assert names == {"access", "isochrone", "corridors", "coverage", "gaps", "fibre_cost", "run"}


def test_access_on_rutland_loads_styled(qgis_app, rutland_graph, tmp_path):
    import processing
    from qgis.core import (QgsGraduatedSymbolRenderer, QgsProcessingContext, QgsProcessingFeedback, QgsProject,
                           QgsVectorLayer)

    class Log(QgsProcessingFeedback):
        lines = []

        def pushConsoleInfo(self, info):  # noqa: N802
            self.lines.append(info)

    out = str(tmp_path / "rutland_access.gpkg")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = Log()
    result = processing.run(
        "midlink:access",
        {
            "GRAPH": rutland_graph,
            "ORIGINS": os.path.join(GEODATA, "drkane-geo-lookups", "lsoa21", "E06000017.geojson"),
            "ORIGIN_ID": "LSOA21CD",
            "DESTINATIONS": os.path.join(GEODATA, "hack25usefuldata", "derived-gias_schools_open_20250524.csv"),
            "DEST_NAME": "schools",
            "MEASURES": "nearest,cumulative:15|30",
            "OUTPUT": out,
        },
        context=context,
        feedback=feedback,
    )
    assert result["OUTPUT"] == out
    assert f"{out}|layername=areas" in result["LAYERS"]
    assert any("done" in line for line in feedback.lines), "midlink's log streamed to the feedback"

    layer = QgsVectorLayer(f"{out}|layername=areas", "areas", "ogr")
    assert layer.isValid()
    assert layer.crs().authid() == "EPSG:27700"
    assert layer.featureCount() == 26  # Rutland's LSOAs (2021)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsGraduatedSymbolRenderer), type(renderer)
    assert "schools_nearest_min" in renderer.classAttribute()
    labels = [r.label() for r in renderer.ranges()]
    assert labels[0].startswith("no data"), labels
    assert 2 <= len(labels) <= 6, labels
    # The classes cover every value written.
    values = [f["schools_nearest_min"] for f in layer.getFeatures()]
    assert all(v is not None for v in values)
    assert renderer.ranges()[1].lowerValue() <= min(values)
    assert renderer.ranges()[-1].upperValue() >= max(values)
    # Minutes are shown to 0.01 in QGIS, but stored with every digit.
    field = layer.fields().indexOf("schools_nearest_min")
    assert layer.editorWidgetSetup(field).config().get("Precision") == 2
    assert any(abs(v * 100 - round(v * 100)) > 1e-9 for v in values)
    # Destinations are points, styled too; the measures table has no style.
    destinations = QgsVectorLayer(f"{out}|layername=destinations", "destinations", "ogr")
    assert destinations.isValid() and destinations.featureCount() > 0
    from osgeo import ogr

    ds = ogr.Open(out)
    styled = {f.GetField("f_table_name") for f in ds.GetLayerByName("layer_styles")}
    assert "areas" in styled and "destinations" in styled and "measures" not in styled
    description = ds.ExecuteSQL("SELECT description FROM gpkg_contents WHERE table_name = 'areas'")
    assert "measures" in description.GetNextFeature().GetField(0)
    ds.ReleaseResultSet(description)


def test_isochrone_from_a_point_draws_lines_wider_by_time(qgis_app, rutland_graph, tmp_path):
    import processing
    from qgis.core import QgsGraduatedSymbolRenderer, QgsVectorLayer

    out = str(tmp_path / "oakham.gpkg")
    result = processing.run("midlink:isochrone", {"GRAPH": rutland_graph, "FROM": "486000,308800 [EPSG:27700]",
                                                  "BANDS": "5,10", "OUTPUT": out})
    assert result["LAYERS"] == [f"{out}|layername=edges", f"{out}|layername=bands"]
    edges = QgsVectorLayer(f"{out}|layername=edges", "edges", "ogr")
    assert edges.isValid() and edges.featureCount() > 0
    renderer = edges.renderer()
    assert isinstance(renderer, QgsGraduatedSymbolRenderer)
    assert "to_time_s" in renderer.classAttribute()
    widths = [r.symbol().width() for r in renderer.ranges()[1:]]
    assert widths == sorted(widths) and widths[0] < widths[-1], widths


def test_progress_is_read_from_percentages_and_gdal_dots(qgis_app):
    from midlink_processing.runner import progress_of

    assert progress_of("building graph: 45%") == 45
    assert progress_of("0...10...20...30") == 30
    assert progress_of("reading graph...") is None
