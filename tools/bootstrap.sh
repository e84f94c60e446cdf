#!/usr/bin/env bash
# midlink set-up on a fresh Debian bookworm machine: installs missing packages (idempotent),
# builds the release preset, then runs the demo or the whole test suite.
#   bash tools/bootstrap.sh demo   # build + the bundled real study, geodata/study
#   bash tools/bootstrap.sh test   # build + every test (unit and integration), then the unit
#                                  # tests under ASan + UBSan (the asan preset, one clang build
#                                  # with the fuzzers) and a fuzz smoke run (docs/fuzzing.md)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-demo}"

packages=(build-essential cmake ninja-build pkg-config git xz-utils
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  libboost-graph-dev libcli11-dev libyaml-cpp-dev libosmium2-dev libprotozero-dev
  libtbb-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  zlib1g-dev libbz2-dev libexpat1-dev liblzma-dev libhdf5-dev
  libopenmpi-dev openmpi-bin  # midlink-mpi: the same commands on the ranks of an MPI job (docs/cluster.md)
  pybind11-dev python3-dev)  # the Python module (python/, docs/python.md) is built by default
# The test suite also writes PostGIS output to a throwaway PostgreSQL cluster.
if [ "$mode" = test ]; then packages+=(postgresql-15-postgis-3 python3-networkx python3-igraph python3-gdal); fi
# ... and tests the Python module with pytest against the CLI.
if [ "$mode" = test ]; then packages+=(python3-pytest python3-numpy python3-pandas python3-h5py pybind11-dev python3-pybind11 python3-dev); fi
# ... and runs the QGIS Processing provider (qgis/) headless, QGIS.provider (docs/qgis.md).
if [ "$mode" = test ]; then packages+=(python3-qgis); fi
# ... and builds the libFuzzer harnesses with clang.
if [ "$mode" = test ]; then packages+=(clang-15 libfuzzer-15-dev); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Optional: tests use them when present and skip otherwise (chromium renders the HTML
# report headless). A failure to install them does not stop the build.
optional=(chromium)
missing_optional=()
for p in "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing_optional+=("$p")
done
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ((${#missing_optional[@]})); then
  echo "installing (optional): ${missing_optional[*]}" >&2
  { $SUDO apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing_optional[@]}" >/dev/null; } ||
    echo "optional packages not installed; the tests that need them will be skipped" >&2
fi

# Builds a preset quietly: the compiler's output goes to build/PRESET.log and the screen
# shows one progress line. On failure the errors are printed, with the log's path.
quiet_build() {
  local preset=$1; shift
  local log=build/$preset.log
  mkdir -p build
  if ! cmake --preset "$preset" > "build/$preset-configure.log" 2>&1; then
    cat "build/$preset-configure.log" >&2
    exit 1
  fi
  echo "building $preset (full log: $log)" >&2
  local rc=0
  cmake --build --preset "$preset" -j "$(nproc)" "$@" > "$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2> /dev/null; do
    printf '\r  %s ' "$(grep -o '^\[[0-9]*/[0-9]*\]' "$log" | tail -n 1)" >&2
    sleep 2
  done
  wait "$pid" || rc=$?
  printf '\r  %s done\n' "$(grep -o '^\[[0-9]*/[0-9]*\]' "$log" | tail -n 1)" >&2
  if [ "$rc" -ne 0 ]; then
    echo "build of $preset failed; the errors (full log: $log):" >&2
    grep -E -A5 'error|FAILED' "$log" | head -n 80 >&2
    exit "$rc"
  fi
  local warnings
  warnings=$(grep -c 'warning:' "$log" || true)
  [ "$warnings" -eq 0 ] || echo "  $warnings compiler warning(s), see $log" >&2
}

quiet_build release
bin=build/release/tools/midlink

case "$mode" in
  demo)
    mkdir -p out
    echo "The bundled Midlands study on real open data (geodata/study/project.yaml): car and HGV graphs"
    echo "of the strategic road network, LSOA access to schools and hospitals by LAD, corridors,"
    echo "Ofcom coverage 2016-2021, digital gaps, Rutland fibre costs, three options ranked, the report:"
    $bin run geodata/study/project.yaml -o out/study
    $bin graph export out/study/graph.mlg -o out/study-network.gpkg --quiet
    echo
    echo "Open out/study/report.html in a browser; the layers are out/study/*.gpkg (and the road"
    echo "network out/study-network.gpkg, layers edges and nodes) for QGIS; out/study/manifest.json"
    echo "says what ran. The sources and their attributions: geodata/study/ATTRIBUTION.md."
    ;;
  test)
    ctest --preset release -j "$(nproc)" --timeout 900
    # The asan preset: one clang build with ASan + UBSan (findings fatal) for the unit tests,
    # the corpus replays and the libFuzzer harnesses (it is the fuzz preset's build). The unit
    # tests and replays run under the sanitizers, then the fuzz smoke runs each harness
    # briefly over its corpus. One sanitized build instead of two keeps CI inside its time
    # budget (docs/fuzzing.md).
    quiet_build asan --target midlink_unit_tests midlink_fuzz_replay midlink_fuzzers
    ctest --preset asan -L 'unit|fuzz' -j "$(nproc)" --timeout 900
    bash tools/fuzz_smoke.sh 20
    ;;
  *)
    echo "usage: bash tools/bootstrap.sh demo|test" >&2
    exit 2
    ;;
esac
