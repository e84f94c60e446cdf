#!/usr/bin/env bash
# Issue 11: what the new checks cost end to end. Runs the same commands with an old binary
# (before issue 11) and a new one, interleaved (old, new, new, old, ...), and prints the
# median wall time of each. Each binary reads the graph files it built itself, because the
# graph format changed (3 -> 4, the checksum).
#   bash bench/checks_bench.sh OLD_MIDLINK NEW_MIDLINK [RUNS]
# ONLY=REGEX runs only the cases whose name matches. Besides the two medians it prints the
# median of the paired differences (new - old within a round), which resists load drift.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$1 NEW=$2 RUNS=${3:-5} ONLY=${ONLY:-.}
G=../shared/geodata
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load at start $(cut -d' ' -f1-3 /proc/loadavg)"

ogr2ogr -f GPKG -t_srs EPSG:27700 "$OUT/rutland_roads.gpkg" \
  "/vsizip/$G/osm-rutland-pydriosm/rutland-latest-free.shp.zip" gis_osm_roads_free_1
FLA="--network $G/dimacs9-usa-pace16/derived-FLA-pseudoweights.gr.xz --order spatial"
PRISM="--network $G/tntp-birmingham-prism/Birmingham_Net.tntp --profile geodata/profiles/car-no-connectors.yaml"
for v in old new; do
  bin=$OLD; [[ $v == new ]] && bin=$NEW
  $bin graph build $FLA -o "$OUT/fla-$v.mlg" --quiet
  $bin graph build $PRISM -o "$OUT/prism-$v.mlg" --quiet
done

# One timed run of "$@" with binary $BIN and tag $V substituted; prints seconds.
timed() { /usr/bin/time -f %e -o "$OUT/t" "$@" >/dev/null 2>&1; cat "$OUT/t"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
bench() {  # name, command template with @BIN@ and @V@
  local name=$1 tmpl=$2 o=() n=() d=()
  [[ $name =~ $ONLY ]] || return 0
  for ((i = 0; i < RUNS; i++)); do
    local order=(old new); ((i % 2)) && order=(new old)
    for v in "${order[@]}"; do
      local bin=$OLD; [[ $v == new ]] && bin=$NEW
      local cmd=${tmpl//@BIN@/$bin}; cmd=${cmd//@V@/$v}
      local t; t=$(timed bash -c "$cmd")
      if [[ $v == old ]]; then o+=("$t"); else n+=("$t"); fi
    done
    d+=("$(echo "${n[i]} - ${o[i]}" | bc -l)")
  done
  local mo mn md
  mo=$(printf '%s\n' "${o[@]}" | median); mn=$(printf '%s\n' "${n[@]}" | median)
  md=$(printf '%s\n' "${d[@]}" | median)
  printf '%-28s old %6.3f s  new %6.3f s  diff %+7.3f s (%+.1f %%)  paired %+7.3f s  [old: %s] [new: %s]\n' "$name" "$mo" "$mn" \
    "$(echo "$mn - $mo" | bc -l)" "$(echo "($mn - $mo) * 100 / $mo" | bc -l)" "$md" "${o[*]}" "${n[*]}"
}

bench "graph build FLA" "@BIN@ graph build $FLA -o $OUT/fla-@V@-b.mlg --quiet"
bench "graph build PRISM" "@BIN@ graph build $PRISM -o $OUT/prism-@V@-b.mlg --quiet"
bench "graph build Rutland gpkg" "@BIN@ graph build --network $OUT/rutland_roads.gpkg --profile car -o $OUT/rg-@V@.mlg --quiet"
bench "graph build Rutland shp.zip" "@BIN@ graph build --network $G/osm-rutland-pydriosm/rutland-latest-free.shp.zip -o $OUT/rs-@V@.mlg --quiet"
bench "graph build Rutland pbf" "@BIN@ graph build --network $G/osm-rutland-pydriosm/rutland-latest.osm.pbf --profile car -o $OUT/rp-@V@.mlg --quiet"
bench "graph build motorways fgb" "@BIN@ graph build --network $G/os-openroads-motorways-roadbox/motorways.fgb --components all -o $OUT/m-@V@.mlg --quiet"
bench "graph info FLA" "@BIN@ graph info $OUT/fla-@V@.mlg"
bench "graph info PRISM" "@BIN@ graph info $OUT/prism-@V@.mlg"
bench "access PRISM LSOAs x schools" "@BIN@ access $OUT/prism-@V@.mlg --origins $G/drkane-geo-lookups/lsoa21 --origin-id LSOA21CD \
  --origin-points $G/drkane-geo-lookups/lsoa_latlong.csv --origin-points-id LSOACD \
  --destinations $G/hack25usefuldata/derived-gias_schools_open_20250524.csv --dest-name schools \
  --measures nearest,cumulative:60 --max-snap 100000 -o $OUT/a-@V@.gpkg"
# The access run again, stage by stage, from the times midlink prints: reading the origins
# (GDAL, 6,421 LSOA polygons) and the schools (CSV), snapping, the engine, writing.
ACCESS="access @G@ --origins $G/drkane-geo-lookups/lsoa21 --origin-id LSOA21CD \
  --origin-points $G/drkane-geo-lookups/lsoa_latlong.csv --origin-points-id LSOACD \
  --destinations $G/hack25usefuldata/derived-gias_schools_open_20250524.csv --dest-name schools \
  --measures nearest,cumulative:60 --max-snap 100000"
if [[ "access stages" =~ $ONLY ]]; then
  for ((i = 0; i < RUNS; i++)); do
    order=(old new); ((i % 2)) && order=(new old)
    for v in "${order[@]}"; do
      bin=$OLD; [[ $v == new ]] && bin=$NEW
      $bin ${ACCESS//@G@/$OUT/prism-$v.mlg} -o "$OUT/s-$v.gpkg" 2>&1 |
        sed -n 's/^\(reading origins\|reading destinations\|snapping\|accessibility\|writing\).*: done in \([0-9.]*\) s.*/\1 \2/p' |
        sed "s/^/$v /" >> "$OUT/stages"
    done
  done
  for stage in "reading origins" "reading destinations" snapping accessibility writing; do
    mo=$(grep "^old $stage " "$OUT/stages" | awk '{print $NF}' | median)
    mn=$(grep "^new $stage " "$OUT/stages" | awk '{print $NF}' | median)
    printf 'access stage %-22s old %6.3f s  new %6.3f s  diff %+7.3f s\n' "$stage" "$mo" "$mn" "$(echo "$mn - $mo" | bc -l)"
  done
fi
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
