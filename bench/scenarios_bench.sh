#!/usr/bin/env bash
# Scenario evaluation: 10 local road upgrades on the PRISM graph (zone connectors removed),
# all 6,421 Midlands LSOA centres x schools (nearest, cumulative 15 min, 30-minute search
# limit), evaluated incrementally (only affected origins) and with every origin recomputed.
set -euo pipefail
cd "$(dirname "$0")/.."
G=$(cd ../shared/geodata && pwd)
BIN=$PWD/build/release/tools/midlink
OUT=${BENCH_DIR:-$(mktemp -d)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$OUT"' EXIT
$BIN graph build --network $G/tntp-birmingham-prism/Birmingham_Net.tntp \
  --profile geodata/profiles/car-no-connectors.yaml -o "$OUT/prism.mlg" --quiet
cat > "$OUT/project.yaml" <<YAML
graph: $OUT/prism.mlg
access:
  origins: $G/drkane-geo-lookups/lsoa21
  origin_id: LSOA21CD
  origin_points: $G/drkane-geo-lookups/lsoa_latlong.csv
  origin_points_id: LSOACD
  population: $G/hack25usefuldata/derived-census21_pop_lsoa21.csv
  population_id: lsoa21_code
  population_field: usual_residents
  destinations: [{path: $G/hack25usefuldata/derived-gias_schools_open_20250524.csv, name: schools}]
  measures: nearest,cumulative:15
  max_time_min: 30
  max_snap_m: 100000
benefit: {measures: [schools_nearest_min]}
YAML
{
  echo "scenarios:"
  i=0
  for xy in "406700 286900" "433400 279000" "391400 298700" "401500 299000" "411000 280000" \
            "395000 290000" "420000 288000" "405000 275000" "398000 305000" "426000 295000"; do
    set -- $xy; i=$((i+1))
    echo "  - {name: upgrade $i, cost_gbp: 1000000, interventions: [{type: upgrade, near: {x: $1, y: $2, radius_m: 1500}, speed_factor: 1.5}]}"
  done
} > "$OUT/scenarios.yaml"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load $(cut -d' ' -f1 /proc/loadavg)"
for mode in incremental full; do
  flag=""; [ "$mode" = full ] && flag="--no-incremental"
  start=$(date +%s.%N)
  $BIN scenarios "$OUT/project.yaml" --scenarios "$OUT/scenarios.yaml" $flag -o "$OUT/r_$mode.gpkg" 2> "$OUT/log_$mode"
  end=$(date +%s.%N)
  rec=$(grep -o '[0-9]* of [0-9]* origins recomputed' "$OUT/log_$mode" | awk '{s+=$1; t=$3} END {print s " of " NR*t}')
  base=$(sed -n 's/^baseline accessibility.*done in \([0-9.]*\) s.*/\1/p' "$OUT/log_$mode")
  eval_s=$(grep -E '^scenario .*done in' "$OUT/log_$mode" | sed 's/.*done in \([0-9.]*\) s.*/\1/' | paste -sd+ | bc -l)
  echo "$mode: 10 scenarios evaluated in $(printf '%.2f' "$eval_s") s (whole command $(echo "$end - $start" | bc -l | xargs printf '%.2f') s, baseline $base s), origins recomputed $rec"
done
