#!/usr/bin/env bash
# App Store benchmark: one Keyport server with CHARTS charts of VERSIONS versions each (1,000 x 20
# by default, uploaded as real chart archives through POST /api/charts), measured with wrk against
# the health endpoint of the same run:
#
#   GET /.well-known/health                  the peer
#   GET /charts/index.yaml + If-None-Match   conditional: 304 by ETag
#   GET /charts/index.yaml                   unconditional: the whole index (about 13 MB at 20,000 versions)
#   GET /packages?query=chart-NNNN           search, rotating over every chart
#
# Goals: conditional index rate >= 0.5x health; unconditional index >= 200 MB/s;
# search p99 <= 3x health's p99, all at CONNECTIONS (32) connections.
#
#   bench/appstore/run.sh
#
# Each endpoint is measured in ROUNDS (3) rounds of DURATION, interleaved with the others (the order
# rotates each round); the goals use the median over the rounds of the ratio within each round.
#
# Settings: CHARTS (1000), VERSIONS (20), SEED_CONCURRENCY (8), DURATION (10s), ROUNDS (3), WARMUP (3s),
# CONNECTIONS (32), THREADS (2), TIMEOUT (10s), JAVA_HOME, SERVER_JAVA_OPTS, KEEP=1 (keep the data).
# Raw wrk output goes to bench/out/ (not versioned). Exit status: 0 goals met, 1 a goal missed,
# 2 the benchmark could not run.
set -euo pipefail

CHARTS=${CHARTS:-1000}
VERSIONS=${VERSIONS:-20}
SEED_CONCURRENCY=${SEED_CONCURRENCY:-8}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
TIMEOUT=${TIMEOUT:-10s}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
GOAL_304_RATE=0.5
GOAL_INDEX_MBPS=200
GOAL_SEARCH_P99=3

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${JAR:-$root/backend/target/keyport-server.jar}
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"

bench_setup

work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench-appstore.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

port=$(free_port) || die "no free port found"
password="bench-$(date +%s)-$RANDOM"
base="http://127.0.0.1:$port"
echo "Server:   $base (data in $work/data, log in $work/server.log)"
# shellcheck disable=SC2086
KEYPORT_DATA_DIR="$work/data" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$port" \
  KEYPORT_ADMIN_PASSWORD="$password" \
  "$java" $SERVER_JAVA_OPTS -jar "$jar" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "$base/.well-known/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; die "the server exited"; }
  sleep 0.5
done
curl -fsS "$base/.well-known/health" >/dev/null 2>&1 || die "the server did not become healthy in 60 s"

echo "Seeding:  $CHARTS charts x $VERSIONS versions, $SEED_CONCURRENCY uploads in flight ..."
"$java" "$here/Seed.java" --url "$base" --password "$password" --charts "$CHARTS" --versions "$VERSIONS" \
  --concurrency "$SEED_CONCURRENCY" --out "$work/seed" || die "seeding failed"
echo "/.well-known/health" >"$work/seed/paths-health.txt"
echo "/charts/index.yaml" >"$work/seed/paths-index.txt"
curl -fsS -D "$work/index.headers" -o "$work/index.yaml" "$base/charts/index.yaml" || die "no index"
etag=$(awk 'tolower($1) == "etag:" { sub(/\r$/, "", $2); print $2 }' "$work/index.headers")
index_bytes=$(stat -c %s "$work/index.yaml")
[[ -n "$etag" ]] || die "the index has no ETag"
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/charts/index.yaml")" == 304 ]] \
  || die "a conditional request for the index did not answer 304"
echo "Index:    $index_bytes bytes, ETag $etag"

out_dir="$root/bench/out"
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out_dir/appstore-$stamp.txt"
{
  echo "# App Store benchmark $stamp"
  echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') CPUs; JDK: $("$java" -version 2>&1 | head -1)"
  echo "# charts=$CHARTS versions=$VERSIONS index_bytes=$index_bytes duration=$DURATION connections=$CONNECTIONS threads=$THREADS"
  echo "# uptime: $(uptime)"
} >"$raw"

names=(health index304 index search)
declare -A label=([health]="GET /.well-known/health" [index304]="GET /charts/index.yaml (304)"
  [index]="GET /charts/index.yaml (200)" [search]="GET /packages?query=...")
declare -A paths=([health]=health [index304]=index [index]=index [search]=search)
declare -A rps p99 mbps non2xx errors

run_wrk() { # name duration
  local extra=()
  [[ "$1" == index304 ]] && extra=(-H "If-None-Match: $etag")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout "$TIMEOUT" --latency "${extra[@]}" \
    -s "$root/bench/kio/paths.lua" "$base" -- "$work/seed/paths-${paths[$1]}.txt"
}

for name in "${names[@]}"; do
  echo "Warm-up:  ${label[$name]} ($WARMUP)"
  run_wrk "$name" "$WARMUP" >/dev/null
done
# ROUNDS rounds, each measuring every endpoint once, the order rotated from round to round so that
# no endpoint is always measured last (the load of a shared machine drifts during a run); each goal
# is judged on the median over the rounds of its per-round figure (a ratio within one round, or the
# index's MB/s)
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
declare -A all_rps all_p99 all_mbps
r304_rounds="" search_rounds="" index_rounds=""
for round in $(seq 1 "$ROUNDS"); do
  order=()
  for i in "${!names[@]}"; do order+=("${names[$(( (i + round - 1) % ${#names[@]} ))]}"); done
  for name in "${order[@]}"; do
    echo "Measure:  round $round/$ROUNDS ${label[$name]} ($DURATION, $CONNECTIONS connections)"
    result=$(run_wrk "$name" "$DURATION")
    { echo; echo "## round $round ${label[$name]}"; echo "$result"; echo "load average $(cat /proc/loadavg)"; } >>"$raw"
    line=$(grep '^RESULT ' <<<"$result") || die "no RESULT line from wrk for $name"
    rps[$name]=$(value rps "$line")
    p99[$name]=$(value p99_ms "$line")
    non2xx[$name]=$(( ${non2xx[$name]:-0} + $(value non2xx "$line") ))
    errors[$name]=$(( ${errors[$name]:-0} + $(value socket_errors "$line") ))
    mbps[$name]=$(awk -v b="$(value bytes "$line")" -v s="$(value seconds "$line")" 'BEGIN { printf "%.1f", b / s / 1e6 }')
    all_rps[$name]+="${rps[$name]} "
    all_p99[$name]+="${p99[$name]} "
    all_mbps[$name]+="${mbps[$name]} "
  done
  r304_rounds+="$(ratio "${rps[index304]}" "${rps[health]}") "
  search_rounds+="$(ratio "${p99[search]}" "${p99[health]}") "
  index_rounds+="${mbps[index]} "
done
for name in "${names[@]}"; do
  rps[$name]=$(median <<<"${all_rps[$name]}")
  p99[$name]=$(median <<<"${all_p99[$name]}")
  mbps[$name]=$(median <<<"${all_mbps[$name]}")
done

at_least() { awk -v a="$1" -v g="$2" 'BEGIN { print (a >= g ? 1 : 0) }'; }
at_most() { awk -v a="$1" -v g="$2" 'BEGIN { print (a <= g ? 1 : 0) }'; }
table=$(
  printf '%-32s %11s %9s %10s %10s %7s\n' endpoint requests/s "p99 ms" "vs health" "MB/s" errors
  for name in "${names[@]}"; do
    printf '%-32s %11s %9s %10s %10s %7s\n' "${label[$name]}" "${rps[$name]}" "${p99[$name]}" \
      "$(ratio "${rps[$name]}" "${rps[health]}")x" "${mbps[$name]}" "$(( ${non2xx[$name]} + ${errors[$name]} ))"
  done
  echo "(medians over $ROUNDS rounds)"
)
r304=$(median <<<"$r304_rounds")
search_p99=$(median <<<"$search_rounds")
index_mbps=$(median <<<"$index_rounds")
oks=("$(at_least "$r304" "$GOAL_304_RATE")" "$(at_least "$index_mbps" "$GOAL_INDEX_MBPS")"
  "$(at_most "$search_p99" "$GOAL_SEARCH_P99")")
check() { if [[ "$2" == 1 ]]; then echo "PASS  $1"; else echo "FAIL  $1"; fi; }
goals=$(
  check "conditional index rate ${r304}x health, median of the rounds' ratios ${r304_rounds}(goal >= ${GOAL_304_RATE}x)" "${oks[0]}"
  check "unconditional index ${index_mbps} MB/s, median of ${index_rounds}(goal >= ${GOAL_INDEX_MBPS} MB/s)" "${oks[1]}"
  check "search p99 ${search_p99}x health's p99, median of the rounds' ratios ${search_rounds}(goal <= ${GOAL_SEARCH_P99}x)" "${oks[2]}"
)
status=0
for ok in "${oks[@]}"; do [[ "$ok" == 1 ]] || status=1; done
for name in "${names[@]}"; do
  if [[ "${non2xx[$name]}" != 0 || "${errors[$name]}" != 0 ]]; then
    echo "WARNING ${label[$name]}: ${non2xx[$name]} error answers and ${errors[$name]} socket errors; not valid" >&2
    status=2
  fi
done
report=$(printf '%s\n\n%s\n\n%s\n%s' "== $CHARTS charts x $VERSIONS versions, index $index_bytes bytes" "$table" "$goals" "uptime: $(uptime)")
echo; echo "$report"
{ echo; echo "$report"; } >>"$raw"
echo "Raw wrk output: $raw"
exit "$status"
