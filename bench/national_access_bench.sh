#!/usr/bin/env bash
# The national access job of issue 14 on the synthetic England network: 190,000
# output-area-like origins x the eight JTS key services, nearest and cumulative within
# 15/30/45/60 minutes by car, on 2 threads with the PHAST engine.
#   bench/national_access_bench.sh [DIR] [SCALE]     (defaults: out/england, 1.0)
# (1) generates DIR with `midlink bench england-network` when DIR/network is absent,
# (2) builds DIR/england.mlg, (3) runs `midlink access` under /usr/bin/time -v.
# Each step prints its wall time and peak memory. At scale 1 the build needs several GB
# and the access run takes long: check `free -g` first.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-out/england}
SCALE=${2:-1.0}
G=../shared/geodata
BIN=build/release/tools/midlink
SETS=(employment primary_school secondary_school further_education gp hospital food_store town_centre)

timed() {  # timed LABEL CMD...: runs CMD under /usr/bin/time -v, prints wall time and peak RSS
  local label=$1
  shift
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" 2> >(tee "$log" >&2)
  wait
  echo "== $label: wall $(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$log"), peak RSS $(awk '/Maximum resident/{printf "%.2f GiB", $6/1048576}' "$log")"
  rm -f "$log"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; load $(cut -d' ' -f1 /proc/loadavg); $(git rev-parse --short HEAD)"
if [[ ! -f "$DIR/network/link.csv" ]]; then
  timed "generate (scale $SCALE)" $BIN bench england-network -o "$DIR" --scale "$SCALE" --geodata $G
fi
if [[ ! -f "$DIR/england.mlg" ]]; then
  timed "graph build" $BIN graph build --network "$DIR/network" --profile car -o "$DIR/england.mlg"
fi
$BIN graph info "$DIR/england.mlg"
# The hierarchy is built once and stored beside the graph (GRAPH.mlg.ch); access reads it.
if [[ ! -f "$DIR/england.mlg.ch" ]]; then
  timed "graph contract (2 threads)" $BIN --threads 2 graph contract "$DIR/england.mlg"
fi
DESTS=()
for s in "${SETS[@]}"; do DESTS+=("$DIR/destinations/$s.csv"); done
timed "access (2 threads, phast)" $BIN --threads 2 access "$DIR/england.mlg" \
  --origins "$DIR/origins.csv" --origin-id id --population-field population \
  --destinations "${DESTS[@]}" --dest-name "${SETS[@]}" \
  --measures 'nearest,cumulative:15|30|45|60' --engine phast -o "$DIR/access.gpkg"
# Independent check: every 633rd origin (301) again with plain Dijkstra; every cell of
# their rows must be the same as printed.
awk -F, 'NR==1 || (NR-2)%633==0' "$DIR/origins.csv" > "$DIR/origins_sample.csv"
timed "access, 301 sampled origins (2 threads, dijkstra)" $BIN --threads 2 access "$DIR/england.mlg" \
  --origins "$DIR/origins_sample.csv" --origin-id id --population-field population \
  --destinations "${DESTS[@]}" --dest-name "${SETS[@]}" \
  --measures 'nearest,cumulative:15|30|45|60' --engine dijkstra -o "$DIR/access_sample.gpkg"
/usr/bin/python3 bench/compare_access_rows.py "$DIR/access_origins.csv" "$DIR/access_sample_origins.csv"
