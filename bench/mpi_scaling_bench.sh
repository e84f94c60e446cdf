#!/usr/bin/env bash
# Strong scaling of the national access job (issue 15) under Open MPI: the same job as
# bench/national_access_bench.sh at 1, 2 and 4 ranks of one thread each, on one machine.
# Beyond its core count the machine is oversubscribed, and the figures say so.
#   bench/mpi_scaling_bench.sh DIR [RANKS...]    (DIR from national_access_bench.sh; default ranks 1 2 4)
# DIR must hold england.mlg, england.mlg.ch, origins.csv and destinations/. Each run's
# origins CSV is compared byte for byte with the one-rank run.
set -euo pipefail
DIR=${1:?usage: mpi_scaling_bench.sh DIR [RANKS...]}
shift
RANKS=("${@:-1 2 4}")
[[ $# -eq 0 ]] && RANKS=(1 2 4)
BIN=${MIDLINK_MPI_BIN:-build/release/tools/midlink-mpi}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
SETS=(employment primary_school secondary_school further_education gp hospital food_store town_centre)
DESTS=()
for s in "${SETS[@]}"; do DESTS+=("$DIR/destinations/$s.csv"); done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
for k in "${RANKS[@]}"; do
  out="$DIR/mpi_access_$k.gpkg"
  log="$DIR/mpi_access_$k.log"
  echo "== $k rank(s), 1 thread each"
  /usr/bin/time -v mpirun --oversubscribe --bind-to none -n "$k" "$BIN" --threads 1 access "$DIR/england.mlg" \
    --origins "$DIR/origins.csv" --origin-id id --population-field population \
    --destinations "${DESTS[@]}" --dest-name "${SETS[@]}" \
    --measures 'nearest,cumulative:15|30|45|60' --engine phast -o "$out" > "$log" 2>&1
  grep -E "accessibility for .*done|ranks:|Elapsed|Maximum resident|User time|System time" "$log" | sed 's/^\s*/  /'
  echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ $k != "${RANKS[0]}" ]]; then
    cmp "$DIR/mpi_access_${RANKS[0]}_origins.csv" "$DIR/mpi_access_${k}_origins.csv" && echo "  origins CSV identical to ${RANKS[0]} rank(s)"
  fi
done
