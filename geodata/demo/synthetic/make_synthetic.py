#!/usr/bin/python3
"""Writes the synthetic demo inputs in this folder from the demo network (../node.csv,
../link.csv) and ../../corridors/midlands-places.csv. Everything here except origins.csv
and the TNTP network's geometry is invented, for the documented examples only (README.md).

Run from anywhere: /usr/bin/python3 geodata/demo/synthetic/make_synthetic.py
The output is the same on every run (fixed seed, fixed rounding)."""
import csv
import json
import math
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
DEMO = HERE.parent
PLACES = DEMO.parent / "corridors" / "midlands-places.csv"


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_csv(name, header, rows):
    with open(HERE / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


nodes = {int(n["node_id"]): n for n in read_csv(DEMO / "node.csv")}
links = read_csv(DEMO / "link.csv")
places = read_csv(PLACES)
population = {p["name"]: int(p["population"]) for p in places}
rng = random.Random(2024)


def xy(node_id):
    n = nodes[int(node_id)]
    return float(n["x_coord"]), float(n["y_coord"])


# Zones: a 30 km grid over the demo network, codes DZ01..DZ30.
X0, Y0, CELL, COLS, ROWS = 340000, 235000, 30000, 6, 5
zones = []
for r in range(ROWS):
    for c in range(COLS):
        code = "DZ%02d" % (r * COLS + c + 1)
        x, y = X0 + c * CELL, Y0 + r * CELL
        zones.append({"code": code, "name": "Demo zone %s" % code[2:], "region": "West" if c < 3 else "East",
                      "box": (x, y, x + CELL, y + CELL)})


def zone_of(px, py):
    for z in zones:
        x0, y0, x1, y1 = z["box"]
        if x0 <= px < x1 and y0 <= py < y1:
            return z
    return None


features = []
for z in zones:
    x0, y0, x1, y1 = z["box"]
    features.append({"type": "Feature",
                     "properties": {"code": z["code"], "name": z["name"], "region": z["region"]},
                     "geometry": {"type": "Polygon",
                                  "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}})
with open(HERE / "zones.geojson", "w") as f:
    f.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},'
            '"features":[\n')
    f.write(",\n".join(json.dumps(ft, separators=(",", ":")) for ft in features))
    f.write("\n]}\n")

# Premises per zone: a rural base plus about one premises per 2.2 residents of the towns in it.
for z in zones:
    urban = sum(population.get(n["name"], 60000) for n in nodes.values()
                if zone_of(float(n["x_coord"]), float(n["y_coord"])) is z)
    z["premises"] = 4000 + rng.randrange(3000) + int(urban / 2.2)
    z["urban"] = urban


def shares(z, year):
    """Invented availability shares (0-1) that rise with how urban a zone is and with time."""
    u = min(1.0, z["urban"] / 600000)
    later = 1 if year == 2021 else 0
    sfbb = min(0.99, 0.80 + 0.15 * u + 0.03 * later + rng.uniform(-0.03, 0.03))
    ufbb = min(sfbb - 0.01, 0.25 + 0.45 * u + 0.15 * later + rng.uniform(0.01, 0.06))
    ff = min(ufbb, 0.05 + 0.25 * u + 0.15 * later + rng.uniform(0, 0.05))
    gig = min(ufbb, ff + 0.30 * u * later + rng.uniform(0, 0.04) * later)
    below_uso = max(0.001, (1 - sfbb) * rng.uniform(0.15, 0.4))
    return sfbb, ufbb, ff, gig, below_uso


def coverage_table(year):
    header = ["laua", "laua_name", "All Premises", "SFBB availability (% premises)",
              "UFBB availability (% premises)", "Full Fibre availability (% premises)"]
    if year == 2021:
        header.append("Gigabit availability (% premises)")
    header += ["% of premises below the USO", "% of premises unable to receive 30Mbit/s",
               "Number of premises with SFBB availability", "Number of premises with UFBB availability",
               "Number of premises with Full Fibre availability"]
    if year == 2021:
        header.append("Number of premises with Gigabit availability")
    header += ["Number of premises below the USO", "Number of premises unable to receive 30Mbit/s"]
    rows = []
    for z in zones:
        p = z["premises"] + (150 if year == 2021 else 0)
        sf, uf, ff, gig, uso = shares(z, year)
        counts = [round(p * s) for s in (sf, uf, ff)] + ([round(p * gig)] if year == 2021 else [])
        counts += [round(p * uso), p - round(p * sf)]
        pct = ["%.1f" % (100 * c / p) for c in counts]
        row = [z["code"], z["name"], p] + pct + counts
        rows.append(row)
    # Ofcom suppresses small counts; one full-fibre cell here shows how a withheld value travels.
    if year == 2019:
        ff_pct = header.index("Full Fibre availability (% premises)")
        ff_n = header.index("Number of premises with Full Fibre availability")
        rows[0][ff_pct] = "x"
        rows[0][ff_n] = "x"
    write_csv("%d_coverage.csv" % year, header, rows)


coverage_table(2019)
coverage_table(2021)

# Premises points: along the demo roads, 50-650 m off them, with invented line speeds.
premises = []
for link in links:
    ax, ay = xy(link["from_node_id"])
    bx, by = xy(link["to_node_id"])
    length = math.hypot(bx - ax, by - ay)
    nx, ny = -(by - ay) / length, (bx - ax) / length
    for _ in range(max(2, round(length / 6000))):
        t = rng.uniform(0.15, 0.85)
        off = rng.choice([-1, 1]) * rng.uniform(50, 650)
        px, py = ax + t * (bx - ax) + off * nx, ay + t * (by - ay) + off * ny
        kind = rng.random()
        if kind < 0.2:
            down, up, tech = 1000, 100, "FTTP"
        elif kind < 0.65:
            down, up, tech = rng.randrange(30, 80), rng.randrange(5, 20), "VDSL"
        elif kind < 0.95:
            down, up, tech = rng.randrange(2, 30), round(rng.uniform(0.4, 2), 1), "ADSL"
        else:
            down, up, tech = "", "", ""
        bduk = "Black" if tech == "FTTP" else rng.choice(["White", "White", "Grey", "Under review"])
        premises.append([len(premises) + 1, round(px), round(py), down, up, tech, bduk])
write_csv("premises.csv", ["id", "easting", "northing", "down_mbps", "up_mbps", "technology", "bduk"], premises)
write_csv("unserved.csv", ["id", "easting", "northing"],
          [p[:3] for p in premises if p[3] == "" or p[3] < 30])

# AADF counts in the DfT download layout: one two-way count 40% along each link, invented
# flows by road class, and two rows that cannot match (no coordinates; a road the network lacks).
base = {"motorway": (70000, 110000, 0.12), "trunk": (22000, 42000, 0.10), "primary": (9000, 22000, 0.06)}
counts = []
for i, link in enumerate(links):
    ax, ay = xy(link["from_node_id"])
    bx, by = xy(link["to_node_id"])
    lo, hi, hgv = base[link["facility_type"]]
    aadf = rng.randrange(lo, hi)
    counts.append([90001 + i, 2023, "Midlands", link["ref"], round(ax + 0.4 * (bx - ax)), round(ay + 0.4 * (by - ay)),
                   rng.choice(["Counted", "Estimated"]), aadf, round(aadf * hgv * rng.uniform(0.8, 1.2))])
counts.append([99001, 2023, "Midlands", "A5", "", "", "Counted", 15000, 1200])
counts.append([99002, 2023, "Midlands", "B4100", 430000, 290000, "Estimated", 6000, 200])
write_csv("counts.csv", ["count_point_id", "year", "region_name", "road_name", "easting", "northing",
                         "estimation_method", "all_motor_vehicles", "all_hgvs"], counts)

# Peak-hour OD between the places: gravity P_a P_b / d^2, scaled, pairs under 20 trips dropped.
od = []
for a in places:
    for b in places:
        if a is b:
            continue
        d_km = math.hypot(float(a["x"]) - float(b["x"]), float(a["y"]) - float(b["y"])) / 1000
        trips = round(3.2e-6 * int(a["population"]) * int(b["population"]) / max(d_km, 10) ** 2)
        if trips >= 20:
            od.append([a["name"], b["name"], trips])
write_csv("od.csv", ["from", "to", "trips"], od)

# The same network and OD as TNTP (zones = nodes 1..26; lengths km, times minutes).
ids = {n["name"]: k for k, n in nodes.items()}
capacity = {"motorway": 6000, "trunk": 3600, "primary": 1400}
with open(HERE / "demo_net.tntp", "w") as f:
    f.write("<NUMBER OF ZONES> %d\n<NUMBER OF NODES> %d\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> %d\n"
            "<END OF METADATA>\n\n\n~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\t"
            "toll\tlink_type\t;\n" % (len(nodes), len(nodes), 2 * len(links)))
    for link in links:
        km = int(link["length"]) / 1000
        minutes = km / float(link["free_speed"]) * 60
        cls = {"motorway": 1, "trunk": 2, "primary": 3}[link["facility_type"]]
        for a, b in ((link["from_node_id"], link["to_node_id"]), (link["to_node_id"], link["from_node_id"])):
            f.write("\t%s\t%s\t%d\t%.3f\t%.4f\t0.15\t4\t%s\t0\t%d\t;\n" % (
                a, b, capacity[link["facility_type"]], km, minutes, link["free_speed"], cls))
with open(HERE / "demo_node.tntp", "w") as f:
    f.write("Node\tX\tY\t;\n")
    for k in sorted(nodes):
        f.write("%d\t%s\t%s\t;\n" % (k, nodes[k]["x_coord"], nodes[k]["y_coord"]))
by_origin = {}
for a, b, trips in od:
    by_origin.setdefault(ids[a], []).append((ids[b], trips))
with open(HERE / "demo_trips.tntp", "w") as f:
    f.write("<NUMBER OF ZONES> %d\n<TOTAL OD FLOW> %.1f\n<END OF METADATA>\n\n" % (
        len(nodes), sum(t for _, _, t in od)))
    for o in sorted(by_origin):
        f.write("Origin \t%d\n" % o)
        f.write("".join("%5d : %8.1f;" % (d, t) for d, t in sorted(by_origin[o])) + "\n\n")

# Isochrone origins (id,x,y): three town centres of ../towns.csv.
write_csv("origins.csv", ["id", "x", "y"],
          [[n["name"], n["x_coord"], n["y_coord"]] for n in nodes.values()
           if n["name"] in ("Birmingham", "Leicester", "Shrewsbury")])
