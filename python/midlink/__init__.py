"""midlink: routing graphs, routes and travel-time matrices for UK transport planning.

    >>> import midlink
    >>> g = midlink.Graph.load("rutland.mlg")
    >>> r = g.route((485980, 308700), (498200, 304400))
    >>> r.status, round(r.time_s)
    >>> times = g.matrix(origins_xy, destinations_xy)   # (n, m) numpy array of seconds

Coordinates are in the graph's CRS (EPSG:27700 unless the graph was built otherwise).
See docs/python.md.
"""
from ._midlink import (
    ConfigError,
    Error,
    Graph,
    InputError,
    OutputError,
    Route,
    VersionError,
    __version__,
    _access,
    _assign,
    _centrality,
    _corridors,
    _coverage,
    _fibre_cost,
    _flows,
    _gaps,
    _isochrone,
    read_dataset,
)

__all__ = [
    "ConfigError",
    "Error",
    "Graph",
    "InputError",
    "OutputError",
    "Route",
    "Table",
    "VersionError",
    "__version__",
    "access",
    "assign",
    "centrality",
    "corridors",
    "coverage",
    "fibre_cost",
    "flows",
    "gaps",
    "isochrone",
    "read_dataset",
    "to_pandas",
]


class Table(dict):
    """A layer as columns: {name: numpy array or list}, in the layer's column order.

    Numbers are numpy arrays (float64 with NaN for NULL; int64 when an integer column has
    no NULL), text is a list of str or None. A spatial layer adds "geometry": per row, a
    list of parts, each a list of (x, y) tuples in `crs`.
    """

    def __init__(self, columns=(), *, name="", crs="", geometry_type="None"):
        super().__init__(columns)
        self.name = name
        self.crs = crs
        self.geometry_type = geometry_type

    def __repr__(self):
        rows = len(next(iter(self.values()))) if self else 0
        return f"<midlink.Table {self.name!r}: {rows} rows, columns {list(self)}>"

    @property
    def row_count(self):
        return len(next(iter(self.values()))) if self else 0

    def to_pandas(self):
        """The table as a pandas DataFrame (pandas must be installed)."""
        return to_pandas(self)


def to_pandas(table):
    """A midlink.Table (or any dict of equal-length columns) as a pandas DataFrame.

    The DataFrame's attrs keep the table's name, crs and geometry_type.
    """
    try:
        import pandas
    except ImportError as e:  # pandas is optional: the tables are plain numpy and lists
        raise ImportError("to_pandas() needs pandas (Debian: python3-pandas)") from e
    frame = pandas.DataFrame(dict(table))
    for key in ("name", "crs", "geometry_type"):
        if hasattr(table, key):
            frame.attrs[key] = getattr(table, key)
    return frame


def access(graph, **options):
    """Accessibility, as `midlink access` (docs/cli/access.md), on a Graph already loaded.

    Options are the command's flags with '-' as '_' (origins=, destinations=[...],
    measures=, aggregate_to=[...], max_time=, ...), plus threads= and quiet=. Returns
    {layer name: Table}; with output="study.gpkg" it also writes the same files.
    """
    return _access(graph, **options)


def coverage(**options):
    """Broadband coverage by area, as `midlink coverage` (docs/cli/coverage.md)."""
    return _coverage(**options)


def assign(graph=None, **options):
    """Traffic assignment, as `midlink assign` (docs/cli/assign.md): network= and trips=
    for a TNTP model, or a Graph with zones= and od=."""
    return _assign(graph, **options)


def isochrone(graph, origins=None, **options):
    """Isochrones, as `midlink isochrone` (docs/cli/isochrone.md): origins as {id: (x, y)}
    or [(x, y), ...] in the graph's CRS (or coords_crs=), or points= a CSV; bands=[10, 20,
    30] minutes. Returns {"edges": Table, "bands": Table}."""
    return _isochrone(graph, origins, **options)


def centrality(graph, **options):
    """Edge and node betweenness, as `midlink centrality` (docs/cli/centrality.md):
    samples=, seed=, or od= a places CSV with criticality=. Returns {layer: Table}."""
    return _centrality(graph, **options)


def corridors(graph, **options):
    """Corridor routes, alternatives, critical links and east-west discovery, as `midlink
    corridors` (docs/cli/corridors.md): corridors= a YAML file and/or places= with
    discover=, hgv_graph=, k=, top=. Returns {layer: Table}."""
    return _corridors(graph, **options)


def gaps(**options):
    """Digital corridors and gap scores, as `midlink gaps` (docs/cli/gaps.md): corridors=
    lines and coverage= a `midlink coverage` GeoPackage. Returns {layer: Table}."""
    return _gaps(**options)


def fibre_cost(graph, **options):
    """The rural last-mile case, as `midlink fibre-cost` (docs/cli/fibre-cost.md):
    premises= and served= and/or spine=, cost_per_km=, uso_cap=. Returns {layer: Table}."""
    return _fibre_cost(graph, **options)


def flows(graph, **options):
    """DfT AADF counts matched to the graph's edges, as `midlink flows` (docs/cli/flows.md):
    counts=, tolerance_m=, peak_hour_factor=. Returns {"flows": Table, "counts": Table}."""
    return _flows(graph, **options)
