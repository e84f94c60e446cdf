#!/usr/bin/env bash
# `midlink run` in one process against the same stages as separate commands (the command
# lines its manifest records; this is what `run` did before it held the graph and the
# baseline: each stage read graph.mlg again and scenarios recomputed the baseline).
# Studies: the bundled demo, and PRISM (car, connectors removed) with every Midlands LSOA
# centre x schools and 10 local road upgrades.  Usage: bash bench/run_bench.sh [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
G=$(cd ../shared/geodata && pwd)
BIN=$PWD/build/release/tools/midlink
REPEATS=${1:-3}
OUT=${BENCH_DIR:-$(mktemp -d)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$OUT"' EXIT
mkdir -p "$OUT/prism"
cat > "$OUT/prism/project.yaml" <<YAML
name: PRISM schools
network: $G/tntp-birmingham-prism/Birmingham_Net.tntp
profile: $PWD/geodata/profiles/car-no-connectors.yaml
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
scenarios: $OUT/prism/scenarios.yaml
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
} > "$OUT/prism/scenarios.yaml"

now() { date +%s.%N; }
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load $(cut -d' ' -f1 /proc/loadavg)"
for study in demo prism; do
  project=$PWD/geodata/demo/project.yaml
  [ "$study" = prism ] && project=$OUT/prism/project.yaml
  for r in $(seq "$REPEATS"); do
    one=$OUT/$study-run-$r; two=$OUT/$study-separate-$r
    t0=$(now); $BIN run "$project" -o "$one" --quiet; t1=$(now)
    # The same stages as separate commands, from the manifest (report excluded from neither).
    mkdir -p "$two"
    /usr/bin/python3 - "$one/manifest.json" "$one" "$two" > "$OUT/cmds.sh" <<'PY'
import json, shlex, sys
m = json.load(open(sys.argv[1])); one, two = sys.argv[2], sys.argv[3]
for s in m["stages"]:
    if s["status"] != "ran": continue
    args = [two + a[len(one):] if a.startswith(one) else a for a in s["command"]]
    print(" ".join(shlex.quote(a) for a in args))
PY
    t2=$(now)
    while read -r line; do eval "$BIN $line --quiet"; done < "$OUT/cmds.sh"
    t3=$(now)
    stages=$(/usr/bin/python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(' '.join(f\"{s['stage']}={s['seconds']:.2f}\" for s in m['stages'] if s['status']=='ran'))" "$one/manifest.json")
    printf '%s repeat %d: run %.2f s, separate commands %.2f s  [run stages: %s]\n' "$study" "$r" \
      "$(echo "$t1 - $t0" | bc -l)" "$(echo "$t3 - $t2" | bc -l)" "$stages"
  done
done
