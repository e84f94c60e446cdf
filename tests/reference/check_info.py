"""info against what the files themselves publish and GDAL's own ogrinfo.

- GDAL layers (Rutland's LSOA GeoJSON, the Midlands LAD layer, the Rutland Geofabrik
  zip): layer names, feature counts and extents against `ogrinfo -so -al` (gdal-bin).
  ogrinfo is GDAL's own tool, so this checks midlink's reading and reporting, not GDAL.
- TNTP SiouxFalls and Anaheim: links and nodes against the <NUMBER OF LINKS> and
  <NUMBER OF NODES> metadata the files publish.
- DIMACS rome99: nodes and arcs against the `p sp N M` problem line.
"""
import json
import re
import subprocess

import midlink_ref as ref


def ogrinfo(path):
    text = subprocess.run(["ogrinfo", "-ro", "-so", "-al", path], capture_output=True, text=True, check=True).stdout
    layers = {}
    for block in re.split(r"\nLayer name: ", "\n" + text)[1:]:
        name = block.split("\n", 1)[0].strip()
        count = int(re.search(r"Feature Count: (\d+)", block).group(1))
        ext = re.search(r"Extent: \(([-0-9.e+]+), ([-0-9.e+]+)\) - \(([-0-9.e+]+), ([-0-9.e+]+)\)", block)
        layers[name] = (count, tuple(float(v) for v in ext.groups()) if ext else None)
    return layers


def body(check):
    for rel in ("drkane-geo-lookups/lsoa21/E06000017.geojson", "ons-uk-topojson/derived-ltla-2024-midlands.geojson",
                "osm-rutland-pydriosm/rutland-latest-free.shp.zip"):
        path = check.data(rel)
        if rel.endswith(".zip"):
            path = "/vsizip/" + path
        want = ogrinfo(path)
        got = json.loads(check.run("info", check.data(rel), "--format", "json"))
        layers = {l["name"]: l for l in got["layers"]}
        check.expect(f"{rel}: same layers as ogrinfo", set(layers) == set(want), f"{sorted(layers)} vs {sorted(want)}")
        for name, (count, extent) in want.items():
            layer = layers.get(name)
            if not layer:
                continue
            check.expect_close(f"{rel} {name} feature_count", layer["feature_count"], count, rel=0)
            if extent and layer.get("extent"):
                e = layer["extent"]
                box = [e[k] for k in ("min_x", "min_y", "max_x", "max_y")] if isinstance(e, dict) else e
                for got_v, want_v in zip(box, (extent[0], extent[1], extent[2], extent[3])):
                    check.expect_close(f"{rel} {name} extent", got_v, want_v, rel=1e-9, abs_tol=1e-5)

    for name in ("SiouxFalls", "Anaheim"):
        net = check.data(f"tntp-assignment/{name}/{name}_net.tntp")
        meta = dict(re.findall(r"<([^>]+)>\s*([0-9.]+)", open(net).read()))
        got = json.loads(check.run("info", net, "--format", "json"))
        check.expect_close(f"{name} links", got["links"], float(meta["NUMBER OF LINKS"]), rel=0)
        check.expect_close(f"{name} nodes", got["nodes"], float(meta["NUMBER OF NODES"]), rel=0)

    rome = check.data("dimacs9-rome99/rome99.gr")
    n, m = next(map(int, l.split()[2:4]) for l in open(rome) if l.startswith("p "))
    got = json.loads(check.run("info", rome, "--format", "json"))
    check.expect_close("rome99 nodes", got["nodes"], n, rel=0)
    check.expect_close("rome99 arcs", got["links"], m, rel=0)


if __name__ == "__main__":
    ref.main("info", body)
