#!/usr/bin/env bash
# Skim-matrix benchmark (issue 14's `midlink matrix`): the 6,421 Midlands LSOA centres x the
# same, time and distance, on the PRISM road graph without zone connectors (41 million
# cells, the size of an MSOA-level national matrix's region). Points off PRISM snap to its
# nearest road (--max-snap 100 km), as bench/access_bench.sh does. Prints wall time and peak
# memory for OMX output on 1 and 2 threads, and the file size (a CSV of 41 million rows
# would be 2.5 GB: CSV is for small matrices).
#   bash bench/matrix_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
G=../shared/geodata
BIN=build/release/tools/midlink
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
$BIN graph build --network $G/tntp-birmingham-prism/Birmingham_Net.tntp \
  --profile geodata/profiles/car-no-connectors.yaml -o "$OUT/prism.mlg" --quiet
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; load $(cut -d' ' -f1 /proc/loadavg)"
for t in 1 2; do
  for ext in omx; do
    /usr/bin/time -f "%e s wall, %M KB peak" -o "$OUT/time.txt" \
      $BIN --threads "$t" matrix "$OUT/prism.mlg" --origins geodata/study/lsoa21-centres.csv --origin-id LSOA21CD \
      --max-snap 100000 -o "$OUT/od.$ext" --quiet
    echo "matrix 6,421 x 6,421, $t thread(s), .$ext: $(cat "$OUT/time.txt"); file $(du -m "$OUT/od.$ext" | cut -f1) MB"
    rm -f "$OUT/od.$ext"
  done
done
