"""flows: count matching against a brute-force nearest-link search, on the nismod-transport
Southampton network with the DfT AADF counts (combined, two-way).

The count points are read here with OGR (python3-gdal), and every link geometry comes
from `graph export`. For each count, the reference scans every link that carries the
count's road number (refs split on ';' or ',', case and spaces ignored) and takes the
nearest. midlink must then say `too_far` when that is beyond the tolerance, and
otherwise match that very link (or one at the same distance) at that distance, unless
another count nearer to the same link took it (`superseded`). On matched edges,
aadf_all is the count's, peak_hour_vph = AADF x 0.1 x 0.6 and vc_ratio = peak /
capacity_vph.
"""
import math

from osgeo import ogr

import midlink_ref as ref

TOLERANCE_M = 400.0


def parts(ref_text):
    out = []
    for p in (ref_text or "").replace(",", ";").split(";"):
        p = "".join(p.split()).upper()
        if p:
            out.append(p)
    return out


def distance(p, line):
    best = math.inf
    for a, b in zip(line, line[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        seg2 = dx * dx + dy * dy
        t = 0.0 if seg2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / seg2))
        best = min(best, math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy))
    return best


def body(check):
    ogr.UseExceptions()
    graph = ref.graph_build(check, "nismod", "--network", check.data("nismod-transport/network.shp"),
                            "--ref-field", "RoadNumber", "--class-from-ref")
    x = ref.ExportedGraph(check, graph, "nismod")
    out = check.out("flows.gpkg")
    counts_path = check.data("nismod-transport/AADFcombined.shp")
    check.run("flows", graph, "--counts", counts_path, "--tolerance-m", TOLERANCE_M, "-o", out)

    links = {}
    for e in x.edges:
        if e["link_id"] not in links:
            links[e["link_id"]] = (parts(e["ref"]), ref.gpkg_linestring(e[ref.geometry_column(e)]))
    ds = ogr.Open(counts_path)
    layer = ds.GetLayer(0)
    counts = {}
    for f in layer:
        g = f.GetGeometryRef()
        counts[str(f.GetField("CP"))] = ((g.GetX(), g.GetY()), str(f.GetField("RoadNumber") or ""),
                                         f.GetField("AllMV"))
    rows = ref.gpkg_rows(out, "counts")
    check.expect("one counts row per count point", len(rows) == len(counts), f"{len(rows)} vs {len(counts)}")
    matched = {}
    for r in rows:
        cp = str(r["count_point_id"])
        if not check.expect(f"count {cp} read by the reference", cp in counts):
            continue
        point, road, aadf = counts[cp]
        road = "".join(road.split()).upper()
        near = sorted((distance(point, line), link) for link, (refs, line) in links.items() if road in refs)
        if not near:
            check.expect(f"count {cp} has no link of {road}", r["status"] in ("no_edge_with_ref", "no_road_number"),
                         r["status"])
            continue
        best, link = near[0]
        if best > TOLERANCE_M + 0.01:
            check.expect(f"count {cp} nearest {road} at {best:.1f} m is too far", r["status"] == "too_far", r["status"])
            continue
        if best > TOLERANCE_M - 0.01:
            continue  # on the limit: either answer is right
        check.expect(f"count {cp} within {TOLERANCE_M} m of {road} is matched or superseded",
                     r["status"] in ("matched", "superseded"), r["status"])
        if r["status"] != "matched":
            continue
        ties = {l for d, l in near if d <= best + 0.01}
        check.expect(f"count {cp} matched the nearest {road} link", r["link_id"] in ties,
                     f"{r['link_id']} vs {sorted(ties)}")
        check.expect_close(f"count {cp} distance_m", r["distance_m"], best, rel=1e-6, abs_tol=0.01)
        matched[cp] = aadf
    for f in ref.gpkg_rows(out, "flows"):
        cp = f["count_point_id"]
        if cp is None or str(cp) not in matched:
            continue
        aadf = matched[str(cp)]
        check.expect_close(f"edge {f['edge_id']} aadf_all", f["aadf_all"], aadf, rel=1e-12)
        check.expect_close(f"edge {f['edge_id']} peak_hour_vph", f["peak_hour_vph"], aadf * 0.1 * 0.6, rel=1e-9)
        if f["capacity_vph"]:
            check.expect_close(f"edge {f['edge_id']} vc_ratio", f["vc_ratio"], aadf * 0.06 / f["capacity_vph"], rel=1e-9)
    check.expect("most counts matched", len(matched) >= 100, str(len(matched)))


if __name__ == "__main__":
    ref.main("flows", body)
