#!/usr/bin/env bash
# CPU cost of serving the App Store's catalogue, measured where machine load does not distort it:
# the server's own CPU time (utime + stime of its process, /proc/<pid>/stat) over REQUESTS
# sequential requests, per request and per MB, for each JAR given, on a copy of one data folder
# (a catalogue kept by `KEEP=1 bench/appstore/run.sh`; each jar migrates its own copy).
#
#   bench/appstore/cost.sh /tmp/keyport-bench-appstore.XXXXXX/data old.jar new.jar
#
# Settings: REQUESTS (40), PATHS ("/charts/index.yaml /packages /packages?query=chart-0042").
# Prints one line per jar and path: CPU ms per request, CPU ms per MB, bytes per answer.
set -euo pipefail

data=${1:?data folder of a kept bench/appstore run}
shift
REQUESTS=${REQUESTS:-40}
PATHS=${PATHS:-"/charts/index.yaml /packages /packages?query=chart-0042"}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"
jdk=$(find_jdk) || die "no JDK 21 or newer found; set JAVA_HOME to one"
ticks=$(getconf CLK_TCK)

cpu_ms() { # pid: utime + stime in milliseconds
  awk -v t="$ticks" '{ print ($14 + $15) * 1000 / t }' "/proc/$1/stat"
}

pid=""
work=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  if [[ -n "$work" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

for jar in "$@"; do
  work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-cost.XXXXXX")
  cp -r "$data" "$work/data"
  port=$(free_port) || die "no free port"
  KEYPORT_HTTP_PORT=$port KEYPORT_DATA_DIR="$work/data" KEYPORT_ADMIN_PASSWORD=bench-admin-password-1 \
    "$jdk/bin/java" -jar "$jar" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/.well-known/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  for path in $PATHS; do
    for _ in $(seq 1 10); do curl -fs -o /dev/null "http://127.0.0.1:$port$path"; done # warm-up, builds the catalogue
    bytes=$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$path")
    before=$(cpu_ms "$pid")
    for _ in $(seq 1 "$REQUESTS"); do curl -fs -o /dev/null "http://127.0.0.1:$port$path"; done
    after=$(cpu_ms "$pid")
    awk -v j="$(basename "$(dirname "$jar")")/$(basename "$jar")" -v p="$path" -v a="$before" -v b="$after" \
      -v n="$REQUESTS" -v s="$bytes" 'BEGIN {
        per = (b - a) / n; printf "%-40s %-32s %9.2f ms/request %8.2f ms/MB %10d bytes\n", j, p, per, per / (s / 1e6), s }'
  done
  cleanup
  pid=""
  work=""
done
