"""gaps: areal weighting along real corridors against GDAL/OGR's Python bindings.

Two corridor lines across the Midlands (EPSG:27700) against Ofcom's May 2021 coverage
of the 65 Midlands LADs. Recomputed here from the input polygons, with OGR geometry
(python3-gdal), not midlink's catchment code:
- each LAD's corridor exposure = area(LAD within the line's 2 km round-capped buffer) /
  area(LAD);
- a corridor's premises = sum over LADs of premises x exposure, and its gigabit premises
  likewise (the segments partition the buffer, so their sums must agree);
- every segment's share = 100 x covered / premises, and a gap run is a maximal run of
  segments below the threshold.
The buffer is polygonised the same way (8 segments per quadrant), so the tolerance is
1e-6 of the premises; exposure values within 1e-6.
"""
import os

from osgeo import ogr, osr

import midlink_ref as ref

LINES = {"Birmingham-Nottingham": [(407000, 287000), (425000, 300000), (445000, 320000), (457000, 340000)],
         "Shrewsbury-Leicester": [(349000, 312000), (380000, 305000), (410000, 300000), (458000, 304000)]}


def body(check):
    ogr.UseExceptions()
    lads_path = check.data("ons-uk-topojson/derived-ltla-2024-midlands.geojson")
    cov = check.out("coverage.gpkg")
    check.run("coverage", "--areas", lads_path, "--area-id", "areacd", "--area-name", "areanm", "--coverage",
              check.data("ofcom-cn-laua-2016-2021/202105_fixed_laua_coverage_r01.csv"), "-o", cov)
    lines = check.out("lines.geojson")
    with open(lines, "w") as f:
        feats = ",".join('{"type":"Feature","properties":{"name":"%s"},"geometry":{"type":"LineString","coordinates":%s}}'
                         % (n, [list(p) for p in pts]) for n, pts in LINES.items())
        f.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},'
                '"features":[%s]}' % feats)
    out = check.out("gaps.gpkg")
    check.run("gaps", "--corridors", lines, "--coverage", cov, "--threshold", 60, "-o", out)

    # the areas and their counts as midlink's coverage layer holds them (checked against
    # Ofcom's files by Reference.coverage), geometry read back with OGR in EPSG:27700
    ds = ogr.Open(cov)
    layer = ds.GetLayerByName("coverage")
    areas = {}
    for feat in layer:
        areas[feat.GetField("area_code")] = (feat.GetGeometryRef().Clone(), feat.GetField("premises"),
                                             feat.GetField("gigabit_premises"))
    segments = ref.gpkg_rows(out, "segments")
    scores = ref.gpkg_rows(out, "gap_scores")
    for name, pts in LINES.items():
        line = ogr.Geometry(ogr.wkbLineString)
        for x, y in pts:
            line.AddPoint_2D(x, y)
        buffer = line.Buffer(2000.0, 8)
        premises = covered = 0.0
        exposure = {}
        for code, (geom, p, g) in areas.items():
            if not geom.Intersects(buffer):
                continue
            share = geom.Intersection(buffer).GetArea() / geom.GetArea()
            if share <= 0:
                continue
            exposure[code] = share
            premises += p * share
            covered += g * share
        segs = sorted((s for s in segments if s["corridor"] == name), key=lambda s: (s["part"], s["seq"]))
        got_p = sum(s["premises"] or 0 for s in segs)
        got_c = sum(s["covered"] or 0 for s in segs)
        check.expect_close(f"{name} premises in the catchment", got_p, premises, rel=1e-6)
        check.expect_close(f"{name} gigabit premises in the catchment", got_c, covered, rel=1e-6)
        for s in segs:
            if s["premises"]:
                check.expect_close(f"{name} segment {s['seq']} share", s["share_pct"],
                                   100.0 * s["covered"] / s["premises"], rel=1e-9)
        got_exposure = {r["area_code"]: r["corridor_exposure"] for r in scores if r["corridor"] == name}
        check.expect(f"{name}: same areas exposed", set(got_exposure) == set(exposure),
                     f"{sorted(set(got_exposure) ^ set(exposure))}")
        for code, e in exposure.items():
            check.expect_close(f"{name} {code} exposure", got_exposure.get(code), e, rel=1e-6, abs_tol=1e-9)
        # gap runs: maximal runs of segments below the threshold
        runs, current = [], None
        for s in segs:
            below = s["premises"] and s["share_pct"] is not None and s["share_pct"] < 60
            if below and current and current[1] == s["from_km"] and current[2] == s["part"]:
                current[1] = s["to_km"]
            elif below:
                current = [s["from_km"], s["to_km"], s["part"]]
                runs.append(current)
            else:
                current = None
        got_runs = sorted((r["from_km"], r["to_km"]) for r in ref.gpkg_rows(out, "gaps") if r["corridor"] == name)
        check.expect(f"{name}: gap runs", got_runs == sorted((a, b) for a, b, _ in runs), f"{got_runs} vs {runs}")


if __name__ == "__main__":
    ref.main("gaps", body)
