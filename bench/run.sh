#!/usr/bin/env bash
# Kassa benchmarks (issue 6): Kassa against a bare Kestrel baseline, in one run, on this machine.
#
#   bash bench/run.sh                       # full run: 20 s per scenario, rewrites docs/benchmarks.md
#   bash bench/run.sh --duration 10         # shorter scenarios
#   bash bench/run.sh --smoke               # CI: 1 s warm-up + 1 s per scenario, every scenario, docs
#                                           #     untouched; exits non-zero on any non-2xx response, socket
#                                           #     error, or scenario that completed no request
#   bash bench/run.sh --postgres 'Host=...;Port=...;Database=...;Username=...;Password=...'
#   KASSA_BENCH_POSTGRES='Host=...' bash bench/run.sh   # same; a fresh database is created and dropped
#
# Other flags: --warmup N, --carts N, --threads N, --connections N, --no-docs, --strict (exit 1 when a
# SQLite target is missed), --no-build, and for investigations (these never touch the docs):
#   --only get_voog,add_item                 run only these Kassa scenarios
#   --kassa-env Logging__LogLevel__Default=Warning   extra environment for Kassa (repeatable)
#   --trace add_item                         profile that scenario with dotnet-trace; then
#                                            python3 bench/analyze_trace.py bench/results/<run>/*.speedscope.json
#   --perf add_item                          profile that scenario with Linux perf (JIT'd frames resolved
#                                            through a perf map); reports next to the raw output
# KASSA_BENCH_ARTIFACTS=DIR builds into DIR instead of the projects' bin/obj folders (useful while
# someone else builds the same tree).
#
# Needs: the .NET 10 SDK and python3 (standard library only); installs wrk (and python3 if missing)
# from Debian packages, as root. Raw output goes to bench/results/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1

build=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

# Whatever happens, nothing this script started outlives it. bench.py stops its own servers; this
# catches anything left if it is killed hard, by process group (each server runs in its own).
bench_pid=""
cleanup() {
  local rc=$?
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "bench: $* missing and not root; install it (Debian: apt-get install -y $*)" >&2
    exit 1
  fi
  echo "bench: installing $* from Debian packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "$@" >&2
}
command -v wrk >/dev/null || apt_install wrk
command -v python3 >/dev/null || apt_install python3

if [ -n "${KASSA_BENCH_ARTIFACTS:-}" ]; then
  out_args=(--artifacts-path "$KASSA_BENCH_ARTIFACTS")
  kassa_dir="$KASSA_BENCH_ARTIFACTS/publish/Kassa"
  baseline_dll="$KASSA_BENCH_ARTIFACTS/bin/Baseline/release/Baseline.dll"
else
  out_args=()
  kassa_dir="$PWD/src/Kassa/bin/publish"
  baseline_dll="$PWD/bench/Baseline/bin/Release/net10.0/Baseline.dll"
fi
kassa_dll="$kassa_dir/Kassa.dll"

if [ $build = 1 ]; then
  mkdir -p bench/results
  build_log=bench/results/build.log
  echo "bench: publishing Kassa as it ships (publish profile Production: Release, ReadyToRun) and building the baseline..." >&2
  start=$(date +%s)
  if ! { dotnet publish src/Kassa -p:PublishProfile=Production -o "$kassa_dir" -nodeReuse:false "${out_args[@]}" &&
         dotnet build bench/Baseline -c Release -nodeReuse:false "${out_args[@]}"; } > "$build_log" 2>&1; then
    grep -E "error|Error" "$build_log" | head -n 40 >&2 || tail -n 40 "$build_log" >&2
    echo "bench: build failed (full log: $build_log)" >&2
    exit 1
  fi
  echo "bench: built in $(( $(date +%s) - start )) s" >&2
fi
for dll in "$kassa_dll" "$baseline_dll"; do
  [ -f "$dll" ] || { echo "bench: $dll not found (build first, or drop --no-build)" >&2; exit 1; }
done

python3 bench/bench.py --kassa-dll "$kassa_dll" --baseline-dll "$baseline_dll" \
  --command "bash bench/run.sh${args[*]:+ ${args[*]}}" "${args[@]}" &
bench_pid=$!
wait "$bench_pid"
