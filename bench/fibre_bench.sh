#!/usr/bin/env bash
# fibre-cost benchmark (issue 5): the Rutland case on the OSM car graph and a few thousand
# synthetic premises on PRISM. Premises are a seeded, jittered grid (so the same on every
# run); points beyond --max-snap-m are reported unsnapped, as a user would see them.
# Prints the Steiner step time and the whole command's wall time, 3 runs each.
set -euo pipefail
cd "$(dirname "$0")/.."
G=../shared/geodata
BIN=build/release/tools/midlink
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

$BIN graph build --network $G/osm-rutland-pydriosm/rutland-latest.osm.pbf --profile car -o "$OUT/rutland.mlg" --quiet
$BIN graph build --network $G/tntp-birmingham-prism/Birmingham_Net.tntp \
  --profile geodata/profiles/car-no-connectors.yaml -o "$OUT/prism.mlg" --quiet

# grid NAME X0 Y0 X1 Y1 STEP_M: one premises per cell, jittered by up to 40% of a cell.
grid() {
  /usr/bin/python3 - "$@" <<'EOF'
import random, sys
name, x0, y0, x1, y1, step = sys.argv[1], *map(float, sys.argv[2:7])
r = random.Random(20261128)
with open(name, "w") as f:
    f.write("id,easting,northing\n")
    k, y = 0, y0
    while y < y1:
        x = x0
        while x < x1:
            f.write(f"p{k},{x + r.uniform(-0.4, 0.4) * step:.1f},{y + r.uniform(-0.4, 0.4) * step:.1f}\n")
            k += 1
            x += step
        y += step
EOF
}
mkdir -p "$OUT/in"
grid "$OUT/in/rutland_premises.csv" 480000 295000 502000 318000 500
printf 'id,easting,northing\noakham,485980,308700\nuppingham,486650,299700\n' > "$OUT/in/rutland_served.csv"
grid "$OUT/in/prism_premises.csv" 387000 267000 427000 307000 700
printf 'id,easting,northing\nbirmingham,407000,287000\nwolverhampton,391500,298700\ncoventry,433300,279000\n' > "$OUT/in/prism_served.csv"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; load $(cut -d' ' -f1 /proc/loadavg)"
for name in rutland prism; do
  for i in 1 2 3; do
    start=$(date +%s.%N)
    log=$($BIN fibre-cost "$OUT/$name.mlg" --premises "$OUT/in/${name}_premises.csv" --premises-id id \
      --served "$OUT/in/${name}_served.csv" --served-id id -o "$OUT/$name.gpkg" 2>&1)
    wall=$(echo "$(date +%s.%N) - $start" | bc -l)
    steiner=$(echo "$log" | sed -n 's/^routing the build network.*done in \([0-9.]*\) s.*/\1/p')
    printf '%s run %d: steiner %s s, wall %.2f s\n' "$name" "$i" "$steiner" "$wall"
  done
  echo "$log" | sed -n '/^premises [0-9]*:/,$p' | head -2
done
