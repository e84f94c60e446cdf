#!/usr/bin/env bash
# Cuts the bundled Midlands study (geodata/study/) from the shared real data.
#   bash geodata/study/make_study.sh [SHARED_GEODATA]   # default: ../shared/geodata
# Run from the repository root. Needs GDAL's ogr2ogr and python3 with osgeo (python3-gdal).
# Only open-licensed sets are read (OGL v3, ODbL, the SRN graph with its citation); see
# ATTRIBUTION.md. The output is the same for the same input files.
set -euo pipefail
G=${1:-../shared/geodata}
S=geodata/study
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
mkdir -p "$S/ofcom" "$S/osm" "$S/srn"
cp() { install -m 644 "$@"; }
export OGR_CURRENT_DATE=2026-12-06T00:00:00Z  # fixed GeoPackage timestamps: the same bytes every run

# Unchanged copies (mode 644: the shared files are read-only).
cp "$G/srn-network-graph/SRN_region_graph.csv" "$S/srn/SRN_region_graph.csv"
cp "$G/srn-network-graph/README.md" "$S/srn/README.md"
cp "$G/ons-uk-topojson/derived-ltla-2024-midlands.geojson" "$S/lad-2024-midlands.geojson"
cp "$G"/ofcom-cn-laua-2016-2021/*.csv "$S/ofcom/"
cp "$G/osm-rutland-pydriosm/rutland-latest.osm.pbf" "$S/osm/rutland-latest.osm.pbf"

# LSOA21 polygons: the 18 Midlands files merged, in EPSG:27700, simplified to 20 m
# (topology-preserving), with the code, name and LAD columns only.
rm -f "$S/lsoa21-midlands.gpkg"
for f in "$G"/drkane-geo-lookups/lsoa21/*.geojson; do
  l=$(basename "$f" .geojson)
  lco=(-lco SPATIAL_INDEX=NO -lco GEOMETRY_NAME=geom)
  [ -e "$S/lsoa21-midlands.gpkg" ] && lco=()
  ogr2ogr -f GPKG "$S/lsoa21-midlands.gpkg" "$f" -nln lsoa21 -append -t_srs EPSG:27700 \
    -simplify 20 -sql "SELECT LSOA21CD, LSOA21NM, LADCD_ACTIVE FROM \"$l\"" -nlt PROMOTE_TO_MULTI "${lco[@]}"
done

"$PY" - "$G" "$S" <<'EOF'
import csv, math, sys
from osgeo import ogr, osr
ogr.UseExceptions(); osr.UseExceptions()
G, S = sys.argv[1], sys.argv[2]

def bng():
    wgs, bng = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326); bng.ImportFromEPSG(27700)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(wgs, bng)
to_bng = bng()
def en(lon, lat):
    x, y, _ = to_bng.TransformPoint(float(lon), float(lat))
    return round(x, 1), round(y, 1)

# The Midlands LSOA21 codes and their LADs, from the polygons just written.
ds = ogr.Open(f"{S}/lsoa21-midlands.gpkg")
lsoa = {f["LSOA21CD"]: f["LADCD_ACTIVE"] for f in ds.GetLayer(0)}
ds = None
lad_ds = ogr.Open(f"{S}/lad-2024-midlands.geojson")
lads = lad_ds.GetLayer(0)
union = ogr.Geometry(ogr.wkbMultiPolygon)
for f in lads:
    g = f.GetGeometryRef()
    for i in range(g.GetGeometryCount()) if g.GetGeometryType() == ogr.wkbMultiPolygon else [None]:
        union.AddGeometry(g.GetGeometryRef(i) if i is not None else g)
union = union.UnionCascaded()

# LSOA centres (drkane lsoa_latlong: the area centre published with the codes).
with open(f"{G}/drkane-geo-lookups/lsoa_latlong.csv", newline="") as fi, \
     open(f"{S}/lsoa21-centres.csv", "w", newline="") as fo:
    w = csv.writer(fo, lineterminator="\n"); w.writerow(["LSOA21CD", "easting", "northing"])
    rows = [r for r in csv.DictReader(fi) if r["LSOACD"] in lsoa]
    for r in sorted(rows, key=lambda r: r["LSOACD"]):
        w.writerow([r["LSOACD"], *en(r["longitude"], r["latitude"])])
print("lsoa centres", len(rows))

# Census 2021 usual residents: the six age bands summed per LSOA21.
pop, names = {}, {}
with open(f"{G}/hack25usefuldata/derived-census21_pop_lsoa21.csv", newline="") as fi:
    for r in csv.DictReader(fi):
        c = r["lsoa21_code"]
        if c in lsoa:
            pop[c] = pop.get(c, 0) + int(r["usual_residents"]); names[c] = r["lsoa21_name"]
with open(f"{S}/population-lsoa21.csv", "w", newline="") as fo:
    w = csv.writer(fo, lineterminator="\n"); w.writerow(["LSOA21CD", "LSOA21NM", "LAD24CD", "population"])
    for c in sorted(pop): w.writerow([c, names[c], lsoa[c], pop[c]])
print("population", len(pop), sum(pop.values()))

# Open secondary and all-through schools (GIAS 2025-05-24) in a Midlands LSOA.
n = 0
with open(f"{G}/hack25usefuldata/derived-gias_schools_open_20250524.csv", newline="") as fi, \
     open(f"{S}/schools-secondary.csv", "w", newline="") as fo:
    w = csv.writer(fo, lineterminator="\n")
    w.writerow(["urn", "name", "phase", "pupils", "la_name", "easting", "northing"])
    for r in csv.DictReader(fi):
        if r["lsoa_code"] in lsoa and r["education_phase"] in ("Secondary", "All-through") and r["easting"] not in ("", "NA"):
            w.writerow([r["urn"], r["establishment_name"], r["education_phase"], r["number_of_pupils"],
                        r["la_name"], r["easting"], r["northing"]]); n += 1
print("schools", n)

# NHS hospitals (NHS Choices 2018-01-30): NHS sector, sub-type Hospital, inside a Midlands LAD.
n = 0
with open(f"{G}/nhs-choices-hospitals-2018/derived-hospitals_20180130.csv", newline="", encoding="utf-8") as fi, \
     open(f"{S}/hospitals-nhs-2018.csv", "w", newline="") as fo:
    w = csv.writer(fo, lineterminator="\n"); w.writerow(["code", "name", "trust", "easting", "northing"])
    for r in csv.DictReader(fi):
        if r["Sector"] != "NHS Sector" or r["SubType"] != "Hospital" or not r["Latitude"]:
            continue
        p = ogr.Geometry(ogr.wkbPoint); p.AddPoint_2D(float(r["Longitude"]), float(r["Latitude"]))
        if union.Contains(p):
            w.writerow([r["OrganisationCode"], r["OrganisationName"], r["ParentName"], *en(r["Longitude"], r["Latitude"])]); n += 1
print("hospitals", n)

# Rutland premises for the fibre case: every OSM feature with a house number or name
# (address nodes, and buildings as their point on surface) more than 1.5 km from the
# Oakham and Uppingham town nodes; those two nodes are the served points.
pbf = ogr.Open(f"{S}/osm/rutland-latest.osm.pbf")
towns = {}
lyr = pbf.GetLayerByName("points")
lyr.SetAttributeFilter("place = 'town'")
for f in lyr:
    towns[f["name"]] = en(*f.GetGeometryRef().GetPoint_2D())
assert set(towns) >= {"Oakham", "Uppingham"}, towns
prem = {}
for layer in ("points", "multipolygons"):
    lyr = pbf.GetLayerByName(layer)
    lyr.SetAttributeFilter(None)
    for f in lyr:
        tags = f["other_tags"] or ""
        if '"addr:housenumber"' not in tags and '"addr:housename"' not in tags:
            continue
        g = f.GetGeometryRef()
        if g is None: continue
        if layer == "multipolygons": g = g.PointOnSurface()
        x, y = en(*g.GetPoint_2D())
        if min(math.hypot(x - tx, y - ty) for tx, ty in (towns["Oakham"], towns["Uppingham"])) <= 1500:
            continue
        key = ("n" if layer == "points" else ("w" if f["osm_way_id"] else "r")) + str(f["osm_id"] or f["osm_way_id"])
        prem[key] = (x, y)
with open(f"{S}/rutland-premises.csv", "w", newline="") as fo:
    w = csv.writer(fo, lineterminator="\n"); w.writerow(["id", "easting", "northing"])
    for k in sorted(prem): w.writerow([k, *prem[k]])
with open(f"{S}/rutland-served.csv", "w", newline="") as fo:
    w = csv.writer(fo, lineterminator="\n"); w.writerow(["id", "easting", "northing"])
    for t in ("Oakham", "Uppingham"): w.writerow([t.lower(), *towns[t]])
print("premises", len(prem), "towns", towns)
EOF
du -sh "$S"
