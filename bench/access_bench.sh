#!/usr/bin/env bash
# Accessibility benchmark: all 6,421 Midlands LSOA centres x all English schools, nearest
# and cumulative within 60 minutes on the PRISM road graph (zone connectors removed), as
# ../shared/peers/peer_access.py does with igraph. Prints seconds per 1,000 origins for
# midlink on 1 and 2 threads (median of 3 runs) and the peers' figures from the same run:
# the shared igraph script on the TNTP file, and igraph on midlink's exported graph.
set -euo pipefail
cd "$(dirname "$0")/.."
G=../shared/geodata
BIN=build/release/tools/midlink
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
$BIN graph build --network $G/tntp-birmingham-prism/Birmingham_Net.tntp \
  --profile geodata/profiles/car-no-connectors.yaml -o "$OUT/prism.mlg" --quiet
run() {
  $BIN --threads "$1" access "$OUT/prism.mlg" --origins $G/drkane-geo-lookups/lsoa21 --origin-id LSOA21CD \
    --origin-points $G/drkane-geo-lookups/lsoa_latlong.csv --origin-points-id LSOACD \
    --destinations $G/hack25usefuldata/derived-gias_schools_open_20250524.csv --dest-name schools \
    --measures 'nearest,cumulative:60' --max-snap 100000 -o "$OUT/a.gpkg" 2>&1 |
    sed -n 's/^accessibility for \([0-9]*\) origins.*done in \([0-9.]*\) s.*/\1 \2/p'
}
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB; load $(cut -d' ' -f1 /proc/loadavg)"
for t in 1 2; do
  times=()
  for i in 1 2 3; do
    read -r n s < <(run "$t")
    times+=("$s")
  done
  med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  echo "midlink access, $t thread(s): $n origins, engine ${times[*]} s -> median $med s = $(echo "$med * 1000 / $n" | bc -l | xargs printf '%.3f') s per 1,000 origins"
done
/usr/bin/python3 ../shared/peers/peer_access.py $G
# The same job with igraph on midlink's own graph, exported to GMNS.
$BIN graph export "$OUT/prism.mlg" -o "$OUT/gmns/" --quiet
/usr/bin/python3 bench/peer_access_exported.py $G "$OUT/gmns"
