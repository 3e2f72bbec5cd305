#!/usr/bin/env bash
# Kio read benchmark: one Keyport server, seeded with applications, measured with wrk.
#
#   bench/kio/run.sh
#
# Builds the server jar if it is missing, starts it on a free port with a fresh data folder,
# and for each size in APPS (10,000 then 100,000 applications by default) seeds the server up to
# that many applications over TEAMS teams (one version each) through the public API, then
# measures, against the same server at that size:
#
#   GET /.well-known/health  the peer the other rates are compared with
#   GET /apps/{id}           rotating over every seeded id
#   GET /apps?team_id=...    rotating over the teams
#   GET /apps?search=...     rotating over search words (each in 2% of the applications, so a
#                            search answers as many applications as a team filter)
#
# and checks the goals at every size, all ratios within the same measurement round:
#   GET /apps/{id}:   rate >= 0.5x health,  p99 <= 3x health's p99
#   GET /apps?search: rate >= 0.8x team_id, p99 <= 1.5x team_id's p99
#
# Settings (environment variables):
#   APPS ("10000 100000")          the sizes to measure at, ascending, space- or comma-separated
#   TEAMS (50)                     teams the applications are spread over
#   SEED_CONCURRENCY (32)          seeding requests in flight
#   DURATION (20s), WARMUP (5s)    per endpoint; the warm-up is not reported
#   CONNECTIONS (32), THREADS (2)  wrk load; TIMEOUT (10s): slower answers count as socket errors
#   START_TIMEOUT (60)             seconds the server may take to start (migrations of a large DATA)
#   JAVA_HOME                      a JDK 21+; otherwise the newest one found in the usual places
#   SERVER_JAVA_OPTS               extra JVM options for the server
#   ACCESS_LOG=off                 run the server without its access log, to see what it costs
#   PROFILE=app                    record a Java Flight Recording during the listed measurements
#                                  (comma-separated: health, app, team, search; 1 means app) and
#                                  print where the CPU went; profiled figures are not comparable
#   KEEP=1                         keep the temporary folder (data, server log, seed files)
#   DATA=folder                    measure a folder kept by an earlier run (KEEP=1) again, for example
#                                  with another JAR, seeding only what it does not hold yet; the
#                                  folder is kept
#
# Raw wrk output, the table and any recordings are written to bench/out/ (not versioned).
#
# Exit status: 0 all goals met, 1 a goal missed, 2 the benchmark could not run.
set -euo pipefail

APPS=${APPS:-10000 100000}
read -r -a sizes <<<"${APPS//,/ }"
TEAMS=${TEAMS:-50}
SEED_CONCURRENCY=${SEED_CONCURRENCY:-32}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
TIMEOUT=${TIMEOUT:-10s}
START_TIMEOUT=${START_TIMEOUT:-60}
PROFILE=${PROFILE:-}
[[ "$PROFILE" == 1 ]] && PROFILE=app
[[ "$PROFILE" == 0 ]] && PROFILE=
profiled() { [[ ",$PROFILE," == *",$1,"* ]]; }
ACCESS_LOG=${ACCESS_LOG:-on}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
GOAL_APP_RATE=0.5     # GET /apps/{id} rate, at least this times health's
GOAL_APP_P99=3        # GET /apps/{id} p99, at most this times health's
GOAL_SEARCH_RATE=0.8  # search rate, at least this times team_id's
GOAL_SEARCH_P99=1.5   # search p99, at most this times team_id's

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${JAR:-$root/backend/target/keyport-server.jar}
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"

# ---------------------------------------------------------------- tools and server

bench_setup

if [[ -n "${DATA:-}" ]]; then
  # A folder of an earlier run: its server's admin password and how many applications it holds.
  work=$(cd "$DATA" && pwd) || die "DATA $DATA is not a folder"
  [[ -r "$work/password" && -r "$work/seeded" ]] || die "DATA $DATA was not kept by a run with KEEP=1"
  KEEP=1
  password=$(cat "$work/password")
  seeded=$(cat "$work/seeded")
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench-kio.XXXXXX")
  password="bench-$(date +%s)-$RANDOM"
  seeded=0
  (umask 077 && echo "$password" >"$work/password" && echo 0 >"$work/seeded")
fi
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT


port=$(free_port) || die "no free port found"
base="http://127.0.0.1:$port"

server_opts=""
if [[ "$ACCESS_LOG" == off ]]; then
  # The server's own logging settings, with the access logger switched off.
  cat >"$work/logging.properties" <<'EOF'
handlers=io.helidon.logging.jul.HelidonConsoleHandler
java.util.logging.SimpleFormatter.format=%1$tY-%1$tm-%1$tdT%1$tH:%1$tM:%1$tS.%1$tLZ %4$s %3$s: %5$s%6$s%n
.level=INFO
io.helidon.level=WARNING
io.helidon.webserver.level=INFO
com.zaxxer.hikari.level=WARNING
org.flywaydb.level=WARNING
keyport.access.level=OFF
EOF
  server_opts="-Djava.util.logging.config.file=$work/logging.properties"
fi

if [[ -n "$PROFILE" ]]; then
  server_opts="$server_opts -XX:FlightRecorderOptions:stackdepth=256"
fi

echo "Server:   $base (data in $work/data, log in $work/server.log, access log $ACCESS_LOG)"
# shellcheck disable=SC2086
KEYPORT_DATA_DIR="$work/data" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$port" \
  KEYPORT_ADMIN_PASSWORD="$password" \
  "$java" $server_opts $SERVER_JAVA_OPTS -jar "$jar" >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 $((START_TIMEOUT * 2))); do
  if curl -fsS "$base/.well-known/health" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; die "the server exited"; }
  sleep 0.5
done
curl -fsS "$base/.well-known/health" >/dev/null 2>&1 || die "the server did not become healthy in $START_TIMEOUT s"

# ---------------------------------------------------------------- measure

out_dir="$root/bench/out"
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out_dir/kio-$stamp.txt"
{
  echo "# Kio benchmark $stamp"
  echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') CPUs; JDK: $("$java" -version 2>&1 | head -1)"
  echo "# apps=${sizes[*]} teams=$TEAMS duration=$DURATION connections=$CONNECTIONS threads=$THREADS access_log=$ACCESS_LOG profile=$PROFILE"
} >"$raw"

names=(health app team search)
declare -A label=(
  [health]="GET /.well-known/health"
  [app]="GET /apps/{id}"
  [team]="GET /apps?team_id=..."
  [search]="GET /apps?search=..."
)
declare -A rps p50 p99 non2xx errors server_cpu busy cpu_seconds requests jfr_files

run_wrk() { # name duration
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout "$TIMEOUT" --latency -H "Authorization: Bearer $token" \
    -s "$here/paths.lua" "$base" -- "$work/seed/paths-$1.txt"
}



ratio() { # a b -> a/b with two decimals
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}
check() { # description ok(0/1)
  if [[ "$2" == 1 ]]; then echo "PASS  $1"; else echo "FAIL  $1"; fi
}

status=0
summary=""
for size in "${sizes[@]}"; do
  [[ "$size" =~ ^[0-9]+$ && "$size" -ge "$seeded" ]] \
    || die "APPS must be ascending numbers, none below the $seeded applications seeded: ${sizes[*]}"
  if [[ "$size" == "$seeded" ]]; then
    echo "Seeding:  none, the $size applications are in $work/data already (a token and the paths only)"
  else
    echo "Seeding:  applications $seeded to $((size - 1)) over $TEAMS teams, $SEED_CONCURRENCY requests in flight ..."
  fi
  seed_start=$(date +%s)
  "$java" "$here/Seed.java" --url "$base" --password "$password" --apps "$size" --from "$seeded" --teams "$TEAMS" \
    --concurrency "$SEED_CONCURRENCY" --out "$work/seed" || die "seeding failed"
  seed_seconds=$(( $(date +%s) - seed_start ))
  seeded=$size
  echo "$seeded" >"$work/seeded"
  token=$(cat "$work/seed/token")
  echo "# size $size: seeded in ${seed_seconds} s" >>"$raw"

  for name in "${names[@]}"; do
    echo "Warm-up:  ${label[$name]} ($WARMUP)"
    run_wrk "$name" "$WARMUP" >/dev/null
  done
  for name in "${names[@]}"; do
    echo "Measure:  ${label[$name]} at $size applications ($DURATION, $CONNECTIONS connections, $THREADS threads)"
    if profiled "$name"; then
      "$jdk/bin/jcmd" "$server_pid" JFR.start name=kio settings=profile >/dev/null || die "jcmd JFR.start failed"
    fi
    before=$(cpu_snapshot "$server_pid")
    result=$(run_wrk "$name" "$DURATION")
    if profiled "$name"; then
      jfr_files[$name]="$out_dir/kio-$stamp-$size-$name.jfr"
      "$jdk/bin/jcmd" "$server_pid" JFR.stop name=kio filename="${jfr_files[$name]}" >/dev/null || die "jcmd JFR.stop failed"
    fi
    read -r server_cpu[$name] busy[$name] cpu_seconds[$name] <<<"$(cpu_share "$before" "$(cpu_snapshot "$server_pid")")"
    {
      echo; echo "## ${label[$name]} at $size applications"; echo "$result"
      echo "CPU: server ${server_cpu[$name]} of the machine (${cpu_seconds[$name]} CPU-s), machine busy ${busy[$name]}; load average $(cat /proc/loadavg 2>/dev/null || echo n/a)"
    } >>"$raw"
    line=$(grep '^RESULT ' <<<"$result") || die "no RESULT line from wrk for $name"
    rps[$name]=$(value rps "$line")
    requests[$name]=$(value requests "$line")
    p50[$name]=$(value p50_ms "$line")
    p99[$name]=$(value p99_ms "$line")
    non2xx[$name]=$(value non2xx "$line")
    errors[$name]=$(value socket_errors "$line")
  done

  # ---------------------------------------------------------------- report for this size

  table=$(
    printf '%-26s %11s %9s %9s %10s %11s %13s %11s %7s\n' "endpoint" "requests/s" "p50 ms" "p99 ms" "vs health" \
      "server CPU" "machine busy" "req/CPU-s" "errors"
    for name in "${names[@]}"; do
      per_cpu=$(awk -v r="${requests[$name]}" -v c="${cpu_seconds[$name]}" 'BEGIN { if (c + 0 > 0) printf "%.0f", r / c; else print "n/a" }')
      printf '%-26s %11s %9s %9s %10s %11s %13s %11s %7s\n' "${label[$name]}" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" \
        "$(ratio "${rps[$name]}" "${rps[health]}")x" "${server_cpu[$name]}" "${busy[$name]}" "$per_cpu" \
        "$(( ${non2xx[$name]} + ${errors[$name]} ))"
    done
  )
  app_rate=$(ratio "${rps[app]}" "${rps[health]}")
  app_p99=$(ratio "${p99[app]}" "${p99[health]}")
  search_rate=$(ratio "${rps[search]}" "${rps[team]}")
  search_p99=$(ratio "${p99[search]}" "${p99[team]}")
  at_least() { awk -v a="$1" -v g="$2" 'BEGIN { print (a >= g ? 1 : 0) }'; }
  at_most() { awk -v a="$1" -v g="$2" 'BEGIN { print (a <= g ? 1 : 0) }'; }
  oks=("$(at_least "$app_rate" "$GOAL_APP_RATE")" "$(at_most "$app_p99" "$GOAL_APP_P99")"
       "$(at_least "$search_rate" "$GOAL_SEARCH_RATE")" "$(at_most "$search_p99" "$GOAL_SEARCH_P99")")
  goals=$(
    check "$size apps: GET /apps/{id} rate ${app_rate}x health (goal >= ${GOAL_APP_RATE}x)" "${oks[0]}"
    check "$size apps: GET /apps/{id} p99 ${p99[app]} ms = ${app_p99}x health's ${p99[health]} ms (goal <= ${GOAL_APP_P99}x)" "${oks[1]}"
    check "$size apps: search rate ${search_rate}x team_id (goal >= ${GOAL_SEARCH_RATE}x)" "${oks[2]}"
    check "$size apps: search p99 ${p99[search]} ms = ${search_p99}x team_id's ${p99[team]} ms (goal <= ${GOAL_SEARCH_P99}x)" "${oks[3]}"
  )
  for ok in "${oks[@]}"; do
    if [[ "$ok" != 1 && "$status" == 0 ]]; then
      status=1
    fi
  done
  for name in "${names[@]}"; do
    if [[ "${non2xx[$name]}" != 0 || "${errors[$name]}" != 0 ]]; then
      echo "WARNING ${label[$name]} at $size applications: ${non2xx[$name]} non-2xx answers and ${errors[$name]} socket errors; its figures are not valid" >&2
      status=2
    fi
  done
  block=$(printf '%s\n\n%s\n\n%s' "== $size applications (seeded in ${seed_seconds} s)" "$table" "$goals")
  echo; echo "$block"; echo
  summary="$summary$block"$'\n\n'
  { echo; echo "$block"; } >>"$raw"
  for name in "${names[@]}"; do
    [[ -n "${jfr_files[$name]:-}" ]] || continue
    echo
    echo "Profile of ${label[$name]} at $size applications: ${jfr_files[$name]}"
    for view in hot-methods allocation-by-class gc-pauses; do
      "$jdk/bin/jfr" view --width 160 "$view" "${jfr_files[$name]}" 2>/dev/null | tee -a "$raw" | head -30 || true
    done
    echo
    "$java" "$here/JfrBreakdown.java" "${jfr_files[$name]}" | tee -a "$raw" || true
    unset "jfr_files[$name]"
  done
done

echo "================================================================ summary"
echo
echo "$summary"
echo "Raw wrk output: $raw"
exit "$status"
