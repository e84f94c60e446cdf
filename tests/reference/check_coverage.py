"""coverage: LAD, region and combined-authority rows against Ofcom's own published counts.

The seven Ofcom Connected Nations local-authority files (2016-2021) are read here with
the csv module, by their published headers. For every release with premises counts
(2018 on), every Midlands LAD, and every region (rgncd) and combined authority (cauthcd)
of the ONS 2024 LAD layer, midlink's premises and tier counts must equal the sums of the
published rows (a LAD missing from an older release is the sum of its predecessors in
geodata/lookups/lad-boundary-changes.csv), and each share must be 100 x count / premises.
"""
import csv
import json
import os
from collections import defaultdict

import midlink_ref as ref

RELEASES = {"2018": "2018_data.csv", "2019": "2019_data.csv", "2020": "2020_data.csv", "2021": "2021_data.csv",
            "2021-05": "202105_fixed_laua_coverage_r01.csv"}
ALL = ["2016_data.csv", "2017_data.csv", "2018_data.csv", "2019_data.csv", "2020_data.csv", "2021_data.csv",
       "202105_fixed_laua_coverage_r01.csv"]
TIERS = {"full_fibre": "Number of premises with Full Fibre availability",
         "below_uso": "Number of premises below the USO",
         "unable_10": "Number of premises unable to receive 10Mbit/s",
         "gigabit": "Number of premises with Gigabit availability"}


def published(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    key = "laua" if "laua" in rows[0] else "laua_code"
    return {r[key].strip(): {k.strip(): v for k, v in r.items() if k} for r in rows}


def count(row, header):
    v = row.get(header)
    try:
        return float(v.replace(",", ""))
    except (AttributeError, ValueError):
        return None


def body(check):
    ofcom = check.data("ofcom-cn-laua-2016-2021")
    lads_path = check.data("ons-uk-topojson/derived-ltla-2024-midlands.geojson")
    lads = [f["properties"] for f in json.load(open(lads_path))["features"]]
    predecessors = defaultdict(list)
    for r in ref.read_csv(os.path.join(check.source, "geodata/lookups/lad-boundary-changes.csv")):
        predecessors[r["to_code"]].append(r["from_code"])

    out = check.out("coverage.gpkg")
    check.run("coverage", "--areas", lads_path, "--area-id", "areacd", "--area-name", "areanm", "--coverage",
              ",".join(os.path.join(ofcom, f) for f in ALL), "--aggregate-code", "rgncd", "--aggregate-code",
              "cauthcd", "-o", out)
    layers = {"lad": ref.gpkg_rows(out, "coverage"), "rgncd": ref.gpkg_rows(out, "coverage_rgncd"),
              "cauthcd": ref.gpkg_rows(out, "coverage_cauthcd")}

    for release, name in RELEASES.items():
        pub = published(os.path.join(ofcom, name))

        def lad_value(code, header):
            if code in pub:
                return count(pub[code], header)
            parts = predecessors.get(code, [])
            values = [lad_value(p, header) for p in parts]
            return sum(values) if values and None not in values else None

        groups = {"lad": {l["areacd"]: [l["areacd"]] for l in lads}, "rgncd": defaultdict(list),
                  "cauthcd": defaultdict(list)}
        for l in lads:
            groups["rgncd"][l["rgncd"]].append(l["areacd"])
            if l["cauthcd"]:
                groups["cauthcd"][l["cauthcd"]].append(l["areacd"])
        for level, rows in layers.items():
            got = {r["area_code"]: r for r in rows if r["release"] == release}
            for code, members in groups[level].items():
                row = got.get(code)
                if not check.expect(f"{level} {code} {release} row", row is not None):
                    continue
                premises = [lad_value(m, "All Premises") for m in members]
                if None in premises:
                    continue
                total = sum(premises)
                check.expect_close(f"{level} {code} {release} premises", row["premises"], total, rel=0)
                for tier, header in TIERS.items():
                    if header not in next(iter(pub.values())):
                        continue
                    values = [lad_value(m, header) for m in members]
                    if None in values:
                        continue
                    check.expect_close(f"{level} {code} {release} {tier}_premises", row[f"{tier}_premises"],
                                       sum(values), rel=0)
                    check.expect_close(f"{level} {code} {release} {tier}_pct", row[f"{tier}_pct"],
                                       100.0 * sum(values) / total, rel=1e-12)


if __name__ == "__main__":
    ref.main("coverage", body)
