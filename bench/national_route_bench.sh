#!/usr/bin/env bash
# Point-to-point routes of issue 14 on the synthetic England network: 20,000 random pairs
# of points through the stored contraction hierarchy, two threads, snapping and the CSV
# included; then a sample routed again by plain Dijkstra, which must cost the same.
#   bench/national_route_bench.sh [DIR] [ROUNDS]     (defaults: out/england, 3)
# DIR holds england.mlg and england.mlg.ch (bench/national_access_bench.sh makes both)
# and origins.csv. The pairs join random origins (output-area-like points, clustered
# where people live), drawn with a fixed seed; or give DIR/pairs20k.csv yourself.
# Per round it prints the routing step's own report (its time per pair includes the
# step's first touches of memory) and each further pair's cost, (T(20,000) - T(2,000)) /
# 18,000, the steady cost of a pair once the run is under way.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-out/england}
ROUNDS=${2:-3}
BIN=build/release/tools/midlink
G="$DIR/england.mlg"
[[ -f "$G" && -f "$G.ch" ]] || { echo "$G and $G.ch are needed: run bench/national_access_bench.sh $DIR first" >&2; exit 2; }

if [[ ! -f "$DIR/pairs20k.csv" ]]; then
  /usr/bin/python3 - "$DIR/origins.csv" "$DIR/pairs20k.csv" <<'EOF'
import csv, random, sys
points = [(r["easting"], r["northing"]) for r in csv.DictReader(open(sys.argv[1]))]
rng = random.Random(14)
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "from_x", "from_y", "to_x", "to_y"])
    for i in range(1, 20001):
        a, b = rng.choice(points), rng.choice(points)
        w.writerow([i, a[0], a[1], b[0], b[1]])
EOF
fi
head -2001 "$DIR/pairs20k.csv" > "$DIR/pairs2k.csv"
head -201 "$DIR/pairs20k.csv" > "$DIR/pairs200.csv"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; load $(cut -d' ' -f1 /proc/loadavg); $(git rev-parse --short HEAD)"
step_s() {  # step_s LOG: the routing step's seconds from the command's report
  sed -n 's/^routing [0-9]* pairs: done in \([0-9.]*\) s.*/\1/p' "$1"
}
for round in $(seq 1 "$ROUNDS"); do
  for n in 2k 20k; do
    /usr/bin/time -f "   whole command: %e s wall, %U s user, %S s system, %M KB peak" \
      $BIN --threads 2 route "$G" --pairs "$DIR/pairs$n.csv" -o "$DIR/route_pairs$n.csv" 2> "$DIR/route_$n.log"
    grep -E '^routing [0-9]+ pairs: done|whole command' "$DIR/route_$n.log" | sed "s/^/round $round, $n: /"
  done
  awk -v a="$(step_s "$DIR/route_2k.log")" -v b="$(step_s "$DIR/route_20k.log")" \
    'BEGIN { printf "round %d: each further pair %.1f us of wall time\n", '"$round"', (b - a) * 1e6 / 18000 }'
done

# The same first 200 pairs by Dijkstra (about 0.25 s each): the hierarchy must give the
# same time_s for every routed pair (distance_m may differ where two paths tie in time).
$BIN --threads 2 route "$G" --pairs "$DIR/pairs200.csv" --hierarchy none -o "$DIR/route_pairs200_dijkstra.csv" 2> /dev/null
/usr/bin/python3 - "$DIR/route_pairs20k.csv" "$DIR/route_pairs200_dijkstra.csv" <<'EOF'
import csv, sys
ch = {r["id"]: r for r in csv.DictReader(open(sys.argv[1]))}
dj = list(csv.DictReader(open(sys.argv[2])))
bad = [r["id"] for r in dj if (r["status"], r["time_s"]) != (ch[r["id"]]["status"], ch[r["id"]]["time_s"])]
print(f"Dijkstra check: {len(dj) - len(bad)} of {len(dj)} pairs with the same status and time_s" + (f"; differ: {bad[:10]}" if bad else ""))
sys.exit(1 if bad else 0)
EOF
