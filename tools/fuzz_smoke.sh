#!/usr/bin/env bash
# Runs every libFuzzer harness (the 'fuzz' preset, tests/fuzz) for a while over its seed
# corpus and regressions; fails on the first crash, leak, sanitizer report, timeout or
# oversized allocation. The crashing input is left in build/fuzz/artifacts/.
#   bash tools/fuzz_smoke.sh [seconds per harness, default 20] [harness...]
# New inputs go to build/fuzz/corpus/<target> (never into tests/fuzz/corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(tntp_net tntp_assignment gmns dimacs junction_csv coverage_table
    profile_yaml project_yaml scenario_yaml mlg)
fi
bin=build/fuzz/tests/fuzz
mkdir -p build/fuzz/artifacts
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
for t in "${targets[@]}"; do
  work="build/fuzz/corpus/$t"
  mkdir -p "$work"
  seeds=(tests/fuzz/corpus/"$t")
  [ -d tests/fuzz/regressions/"$t" ] && seeds+=(tests/fuzz/regressions/"$t")
  echo "fuzz $t: ${seconds}s" >&2
  # A fixed seed and run count make CI's smoke repeatable: the same mutations every run
  # (MIDLINK_FUZZ_RUNS=-1 and another seed for open-ended fuzzing).
  "$bin/fuzz_$t" -max_total_time="$seconds" -seed="${MIDLINK_FUZZ_SEED:-1}" -runs="${MIDLINK_FUZZ_RUNS:-3000}" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -artifact_prefix=build/fuzz/artifacts/"$t"- -print_final_stats=1 "$work" "${seeds[@]}" \
    >build/fuzz/artifacts/"$t".log 2>&1 || {
    echo "fuzz $t: FAILED (log build/fuzz/artifacts/$t.log)" >&2
    tail -n 40 build/fuzz/artifacts/"$t".log >&2
    exit 1
  }
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' \
    build/fuzz/artifacts/"$t".log >&2 || true
done
