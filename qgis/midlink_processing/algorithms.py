"""One Processing algorithm per midlink command (docs/cli/<command>.md for every flag).

Each algorithm is a table of parameters, each with the midlink flag it becomes. The
algorithm turns them into a command line, runs it through runner.run (midlink's log
streams to the Processing log) and loads the spatial layers of the GeoPackage it wrote;
they open with midlink's default styles (docs/qgis.md).
"""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterPoint,
    QgsProcessingParameterString,
)

from . import runner

GPKG = "GeoPackage (*.gpkg)"
GRAPH = "midlink graph (*.mlg)"
VECTOR = "Vector files (*.gpkg *.geojson *.shp *.fgb *.csv);;All files (*)"
YAML = "YAML (*.yaml *.yml)"
CSV = "CSV (*.csv)"
POLYGONS = [QgsProcessing.TypeVectorPolygon]
LINES = [QgsProcessing.TypeVectorLine]


class P:
    """A parameter and the midlink flag it becomes (flag None: a positional argument)."""

    def __init__(self, kind, name, label, flag=None, default=None, optional=False, **extra):
        self.kind, self.name, self.label, self.flag = kind, name, label, flag
        self.default, self.optional, self.extra = default, optional, extra

    def definition(self):
        k, n, label, opt, d = self.kind, self.name, self.label, self.optional, self.default
        if k == "file":
            return QgsProcessingParameterFile(n, label, optional=opt, fileFilter=self.extra.get("filter", VECTOR))
        if k == "source":
            types = self.extra.get("types", [QgsProcessing.TypeVectorAnyGeometry])
            return QgsProcessingParameterFeatureSource(n, label, types, optional=opt)
        if k == "field":
            return QgsProcessingParameterField(n, label, d, self.extra["parent"], optional=opt)
        if k == "string":
            return QgsProcessingParameterString(n, label, d, optional=opt)
        if k in ("number", "integer"):
            kind = QgsProcessingParameterNumber.Integer if k == "integer" else QgsProcessingParameterNumber.Double
            return QgsProcessingParameterNumber(n, label, kind, d, opt, minValue=self.extra.get("minimum", 0))
        if k == "enum":
            return QgsProcessingParameterEnum(n, label, self.extra["options"], defaultValue=d)
        if k == "point":
            return QgsProcessingParameterPoint(n, label, optional=opt)
        if k == "boolean":
            return QgsProcessingParameterBoolean(n, label, d)
        raise ValueError(k)

    def arguments(self, alg, parameters, context, feedback):
        """What the parameter adds to the command line; nothing when it is empty."""
        k, n = self.kind, self.name
        if k == "boolean" or parameters.get(n) in (None, ""):
            return []
        if k == "source":
            path, layer = alg.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, n, context, ["gpkg", "shp", "geojson", "fgb"], "gpkg", feedback
            )
            value, more = path, ([self.extra["layer_flag"], layer] if layer and "layer_flag" in self.extra else [])
        elif k == "point":
            point = alg.parameterAsPoint(parameters, n, context)
            crs = alg.parameterAsPointCrs(parameters, n, context)
            value = f"{point.x()!r},{point.y()!r}"
            more = ["--coords-crs", crs.authid()] if crs.isValid() else []
        elif k == "file":
            value, more = alg.parameterAsFile(parameters, n, context), []
        elif k == "integer":
            value, more = str(alg.parameterAsInt(parameters, n, context)), []
        elif k == "number":
            value, more = repr(alg.parameterAsDouble(parameters, n, context)), []
        elif k == "enum":
            value, more = self.extra["options"][alg.parameterAsEnum(parameters, n, context)], []
        else:
            value, more = alg.parameterAsString(parameters, n, context), []
        if value == "":
            return []
        return ([self.flag] if self.flag else []) + [value] + more


def graph_parameter():
    return P("file", "GRAPH", "Graph (.mlg)", filter=GRAPH)


class MidlinkAlgorithm(QgsProcessingAlgorithm):
    """What every midlink command shares: parameters from a table, running, loading."""

    command = ""
    display = ""
    help_text = ""
    parameters = []
    one_of = []  # names of which at least one must be given
    folder_output = False

    def name(self):
        return self.command.replace("-", "_")

    def displayName(self):  # noqa: N802
        return self.display

    def group(self):
        return "midlink"

    def groupId(self):  # noqa: N802
        return "midlink"

    def shortHelpString(self):  # noqa: N802
        return self.help_text + f"\n\nRuns `midlink {self.command}`; every option is in docs/cli/{self.command}.md."

    def createInstance(self):  # noqa: N802
        return type(self)()

    def initAlgorithm(self, config=None):  # noqa: N802
        for p in self.parameters:
            self.addParameter(p.definition())
        if self.folder_output:
            self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        else:
            self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", "Output GeoPackage", GPKG))
        self.addOutput(QgsProcessingOutputMultipleLayers("LAYERS", "Layers written"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        if self.one_of and all(parameters.get(n) in (None, "") for n in self.one_of):
            raise QgsProcessingException("give at least one of: " + ", ".join(self.one_of))
        if self.folder_output:
            out = self.parameterAsString(parameters, "OUTPUT", context)
        else:
            out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        args = [self.command]
        for p in self.parameters:
            args += p.arguments(self, parameters, context, feedback)
        runner.run(args + ["-o", out], feedback)
        load = all(p.name != "LOAD" for p in self.parameters) or self.parameterAsBoolean(parameters, "LOAD", context)
        return {"OUTPUT": out, "LAYERS": self.load_outputs(out, context) if load else []}

    def load_outputs(self, out, context):
        """Each spatial layer of the GeoPackage(s) written, loaded when the run ends."""
        files = [out]
        if os.path.isdir(out):
            files = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".gpkg"))
        uris = []
        for path in files:
            stem = os.path.splitext(os.path.basename(path))[0]
            for layer in runner.spatial_layers(path):
                uri = f"{path}|layername={layer}"
                details = QgsProcessingContext.LayerDetails(f"{stem} {layer}", context.project(), layer)
                context.addLayerToLoadOnCompletion(uri, details)
                uris.append(uri)
        return uris


class AccessAlgorithm(MidlinkAlgorithm):
    command = "access"
    display = "Accessibility (access)"
    help_text = (
        "Travel-time accessibility from origins (areas or points) to destination sets: nearest, n-th nearest, "
        "cumulative opportunities, JTS indicators, Hansen, 2SFCA and BFCA (docs/measures.md). Writes one row per "
        "origin and per roll-up area."
    )
    parameters = [
        graph_parameter(),
        P("source", "ORIGINS", "Origins (areas or points)", "--origins", layer_flag="--origin-layer",
          types=[QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint]),
        P("field", "ORIGIN_ID", "Origin id field", "--origin-id", optional=True, parent="ORIGINS"),
        P("file", "DESTINATIONS", "Destinations (point layer or CSV with coordinates)", "--destinations"),
        P("string", "DEST_NAME", "Destination set name (default: file name)", "--dest-name", optional=True),
        P("string", "DEST_WEIGHT", "Destination weight field", "--dest-weight", optional=True),
        P("string", "MEASURES", "Measures (comma list, e.g. nearest,cumulative:15|30)", "--measures", "nearest"),
        P("file", "POPULATION", "Population table per origin code", "--population", optional=True),
        P("string", "POPULATION_ID", "Population: code field", "--population-id", optional=True),
        P("string", "POPULATION_FIELD", "Population field", "--population-field", optional=True),
        P("number", "MAX_TIME", "Search limit (minutes)", "--max-time", 180.0),
        P("number", "MAX_SNAP", "Largest snap distance (m)", "--max-snap", 1000.0),
        P("source", "AGGREGATE_TO", "Aggregate to (coarser polygons)", "--aggregate-to", optional=True,
          types=POLYGONS),
        P("string", "AGGREGATE_ID", "Aggregate: id field", "--aggregate-id", optional=True),
    ]


class IsochroneAlgorithm(MidlinkAlgorithm):
    command = "isochrone"
    display = "Isochrones (isochrone)"
    help_text = "Reachable road and buffered time bands from a point (in any CRS), or from a CSV of points."
    parameters = [
        graph_parameter(),
        P("point", "FROM", "Origin point", "--from", optional=True),
        P("file", "POINTS", "Origins CSV (id,x,y)", "--points", optional=True, filter=CSV),
        P("string", "BANDS", "Bands (minutes, comma list)", "--bands", "10,20,30"),
        P("number", "BUFFER", "Buffer around reachable road (m)", "--buffer", 50.0),
        P("number", "MAX_SNAP", "Largest snap distance (m)", "--max-snap", 1000.0),
    ]
    one_of = ["FROM", "POINTS"]


class CorridorsAlgorithm(MidlinkAlgorithm):
    command = "corridors"
    display = "Strategic corridors (corridors)"
    help_text = (
        "Fastest routes along corridors from a YAML file, or east-west pairs discovered from places: time, "
        "distance, alternatives (Yen k shortest paths), critical links and HGV restrictions."
    )
    parameters = [
        graph_parameter(),
        P("file", "CORRIDORS", "Corridor file (YAML)", "--corridors", optional=True, filter=YAML),
        P("file", "PLACES", "Places with population, for discovery", "--places", optional=True),
        P("file", "HGV_GRAPH", "HGV graph of the same network (.mlg)", "--hgv-graph", optional=True, filter=GRAPH),
        P("integer", "K", "Alternatives per corridor (k)", "--k", 3, minimum=1),
        P("integer", "TOP", "Critical links per corridor", "--top", 10),
        P("number", "MAX_SNAP", "Largest snap distance (m)", "--max-snap", 1000.0),
    ]
    one_of = ["CORRIDORS", "PLACES"]


class CoverageAlgorithm(MidlinkAlgorithm):
    command = "coverage"
    display = "Broadband coverage (coverage)"
    help_text = (
        "Ofcom Connected Nations coverage (and premises points) joined to area polygons: premises and share per "
        "tier, and the trend between releases."
    )
    parameters = [
        P("source", "AREAS", "Areas", "--areas", layer_flag="--area-layer", types=POLYGONS),
        P("field", "AREA_ID", "Area code field", "--area-id", parent="AREAS"),
        P("field", "AREA_NAME", "Area name field", "--area-name", optional=True, parent="AREAS"),
        P("string", "COVERAGE", "Ofcom coverage tables (CSV; comma list, in release order)", "--coverage",
          optional=True),
        P("string", "RELEASE", "Release labels (comma list; default from file names)", "--release", optional=True),
        P("enum", "LEVEL", "Geography of the tables", "--level", 0, options=["laua", "oa", "postcode"]),
        P("file", "PREMISES", "Premises points", "--premises", optional=True),
        P("string", "PREMISES_DOWN", "Premises: download speed field", "--premises-down", optional=True),
    ]
    one_of = ["COVERAGE", "PREMISES"]


class GapsAlgorithm(MidlinkAlgorithm):
    command = "gaps"
    display = "Digital gaps along corridors (gaps)"
    help_text = (
        "Broadband coverage along corridor lines, segment by segment: the gaps below a threshold, and areas "
        "scored by combined transport and digital gap."
    )
    parameters = [
        P("source", "CORRIDORS", "Corridor lines", "--corridors", layer_flag="--corridors-layer", types=LINES),
        P("field", "CORRIDOR_NAME", "Corridor name field", "--corridor-name", "name", parent="CORRIDORS"),
        P("file", "COVERAGE", "Coverage GeoPackage (from coverage)", "--coverage", filter=GPKG),
        P("string", "MEASURE", "Tier measured", "--measure", "gigabit"),
        P("number", "SEGMENT_KM", "Segment length (km)", "--segment-km", 1.0),
        P("number", "BUFFER_KM", "Catchment buffer (km)", "--buffer-km", 2.0),
        P("number", "THRESHOLD", "Gap threshold (% of premises)", "--threshold", 50.0),
        P("file", "ACCESS", "Access GeoPackage (from access)", "--access", optional=True, filter=GPKG),
        P("string", "ACCESS_FIELD", "Access measure column", "--access-field", optional=True),
    ]


class FibreCostAlgorithm(MidlinkAlgorithm):
    command = "fibre-cost"
    display = "Rural fibre build cost (fibre-cost)"
    help_text = (
        "Routes fibre along the road graph from served locations or a spine to unserved premises, and costs the "
        "build against the USO cap."
    )
    parameters = [
        graph_parameter(),
        P("file", "PREMISES", "Unserved premises (points or CSV)", "--premises"),
        P("string", "PREMISES_ID", "Premises id field", "--premises-id", optional=True),
        P("file", "SERVED", "Served locations (points or CSV)", "--served", optional=True),
        P("source", "SPINE", "Fibre spine (lines)", "--spine", optional=True, layer_flag="--spine-layer",
          types=LINES),
        P("number", "COST_PER_KM", "Duct and trench per km (GBP)", "--cost-per-km", 60000.0),
        P("number", "COST_PER_PREMISES", "Connection per premises (GBP)", "--cost-per-premises", 500.0),
        P("number", "USO_CAP", "USO cost cap per premises (GBP)", "--uso-cap", 3400.0),
        P("number", "MAX_SNAP_M", "Largest snap distance (m)", "--max-snap-m", 500.0),
    ]
    one_of = ["SERVED", "SPINE"]


class RunAlgorithm(MidlinkAlgorithm):
    command = "run"
    display = "Run a project (run)"
    help_text = (
        "Runs a whole study from a project file (graph, access, corridors, gaps, scenarios, report) into a folder, "
        "with a manifest; loads every GeoPackage it wrote."
    )
    STAGES = ["graph", "access", "corridors", "gaps", "scenarios", "report"]
    parameters = [
        P("file", "PROJECT", "Project file (YAML)", filter=YAML),
        P("enum", "FROM", "First stage", "--from", 0, options=STAGES),
        P("enum", "TO", "Last stage", "--to", len(STAGES) - 1, options=STAGES),
        P("boolean", "LOAD", "Load the layers written", default=True),
    ]
    folder_output = True


ALGORITHMS = [
    AccessAlgorithm,
    IsochroneAlgorithm,
    CorridorsAlgorithm,
    CoverageAlgorithm,
    GapsAlgorithm,
    FibreCostAlgorithm,
    RunAlgorithm,
]
