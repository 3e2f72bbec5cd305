#!/usr/bin/env bash
# Kio read benchmark: one Keyport server, seeded with applications, measured with wrk.
#
#   bench/kio/run.sh
#
# Builds the server jar if it is missing, starts it on a free port with a fresh data folder,
# seeds APPS applications over TEAMS teams (one version each) through the public API, then
# measures in the same run, against the same server:
#
#   GET /apps/{id}           rotating over every seeded id
#   GET /apps?team_id=...    rotating over the teams
#   GET /apps?search=...     rotating over search words
#   GET /.well-known/health  the peer the other rates are compared with
#
# and checks the goals for GET /apps/{id}: at least 0.5x the health rate, p99 under 20 ms.
#
# Settings (environment variables):
#   APPS (10000), TEAMS (50)       what to seed
#   DURATION (20s), WARMUP (5s)    per endpoint; the warm-up is not reported
#   CONNECTIONS (32), THREADS (2)  wrk load; TIMEOUT (10s): slower answers count as socket errors
#   JAVA_HOME                      a JDK 21+; otherwise the newest one found in the usual places
#   SERVER_JAVA_OPTS               extra JVM options for the server
#   ACCESS_LOG=off                 run the server without its access log, to see what it costs
#   PROFILE=app                    record a Java Flight Recording during the listed measurements
#                                  (comma-separated: health, app, team, search; 1 means app) and
#                                  print where the CPU went; profiled figures are not comparable
#   KEEP=1                         keep the temporary folder (data, server log, seed files)
#
# Raw wrk output, the table and any recordings are written to bench/out/ (not versioned).
#
# Exit status: 0 all goals met, 1 a goal missed, 2 the benchmark could not run.
set -euo pipefail

APPS=${APPS:-10000}
TEAMS=${TEAMS:-50}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
TIMEOUT=${TIMEOUT:-10s}
PROFILE=${PROFILE:-}
[[ "$PROFILE" == 1 ]] && PROFILE=app
[[ "$PROFILE" == 0 ]] && PROFILE=
profiled() { [[ ",$PROFILE," == *",$1,"* ]]; }
ACCESS_LOG=${ACCESS_LOG:-on}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
GOAL_RATIO=0.5
GOAL_P99_MS=20

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/backend/target/keyport-server.jar"

die() {
  echo "error: $*" >&2
  exit 2
}

# ---------------------------------------------------------------- tools

if ! command -v wrk >/dev/null 2>&1; then
  printf '%s\n' "error: wrk is not installed. Install it, then run this script again:" \
    "  Debian/Ubuntu:  sudo apt-get install wrk" \
    "  Fedora:         sudo dnf install wrk" \
    "  macOS:          brew install wrk" >&2
  exit 2
fi
command -v curl >/dev/null 2>&1 || die "curl is required"

# The major version of a java binary (8 for 1.8), or nothing if it does not run.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# A JDK 21+: JAVA_HOME if it qualifies, else the newest one in the usual places.
find_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && -x "$JAVA_HOME/bin/javac" ]]; then
    local v
    v=$(java_major "$JAVA_HOME/bin/java")
    if [[ -n "$v" && "$v" -ge 21 ]]; then
      echo "$JAVA_HOME"
      return
    fi
  fi
  local best="" best_v=0 candidate home v
  for candidate in "$(command -v java 2>/dev/null || true)" \
      /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /opt/*jdk*/bin/java \
      "$HOME"/.sdkman/candidates/java/*/bin/java "$HOME"/.jdks/*/bin/java \
      /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    candidate=$(readlink -f "$candidate" 2>/dev/null || echo "$candidate")
    home=$(dirname "$(dirname "$candidate")")
    [[ -x "$home/bin/javac" ]] || continue
    v=$(java_major "$candidate")
    if [[ -n "$v" && "$v" -ge 21 && "$v" -gt "$best_v" ]]; then
      best="$home"
      best_v=$v
    fi
  done
  [[ -n "$best" ]] || return 1
  echo "$best"
}

jdk=$(find_jdk) || die "no JDK 21 or newer found; set JAVA_HOME to one"
java="$jdk/bin/java"
echo "JDK:      $jdk ($("$java" -version 2>&1 | head -1))"

# ---------------------------------------------------------------- server

if [[ ! -f "$jar" ]]; then
  echo "Building the server jar ..."
  (cd "$root" && JAVA_HOME="$jdk" ./mvnw -B -q -DskipTests package) || die "build failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench-kio.XXXXXX")
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

free_port() {
  local port tries
  for tries in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  return 1
}

port=$(free_port) || die "no free port found"
password="bench-$(date +%s)-$RANDOM"
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

for _ in $(seq 1 120); do
  if curl -fsS "$base/.well-known/health" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; die "the server exited"; }
  sleep 0.5
done
curl -fsS "$base/.well-known/health" >/dev/null 2>&1 || die "the server did not become healthy in 60 s"

# ---------------------------------------------------------------- seed

echo "Seeding:  $APPS applications over $TEAMS teams ..."
"$java" "$here/Seed.java" --url "$base" --password "$password" --apps "$APPS" --teams "$TEAMS" \
  --out "$work/seed" || die "seeding failed"
token=$(cat "$work/seed/token")

# ---------------------------------------------------------------- measure

out_dir="$root/bench/out"
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out_dir/kio-$stamp.txt"
{
  echo "# Kio benchmark $stamp"
  echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') CPUs; JDK: $("$java" -version 2>&1 | head -1)"
  echo "# apps=$APPS teams=$TEAMS duration=$DURATION connections=$CONNECTIONS threads=$THREADS access_log=$ACCESS_LOG profile=$PROFILE"
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

value() { # key line
  sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"
}

# CPU accounting (Linux): jiffies of the whole machine (total, busy) and of the server process,
# so the report can say how much of the machine the server got and how busy the machine was.
cpu_snapshot() {
  if [[ -r /proc/stat && -r "/proc/$server_pid/stat" ]]; then
    local machine proc
    machine=$(awk '/^cpu / { print $2+$3+$4+$5+$6+$7+$8+$9, $2+$3+$4+$7+$8+$9; exit }' /proc/stat)
    proc=$(sed 's/^.*) //' "/proc/$server_pid/stat" | awk '{ print $12 + $13 }')
    echo "$machine $proc"
  fi
}
cpu_share() { # before after -> "server% busy% server-CPU-seconds"
  awk -v b="$1" -v a="$2" -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" 'BEGIN {
    n = split(b, x, " "); m = split(a, y, " ");
    if (n < 3 || m < 3 || y[1] <= x[1]) { print "n/a n/a n/a"; exit }
    t = y[1] - x[1]; printf "%.0f%% %.0f%% %.2f\n", 100 * (y[3] - x[3]) / t, 100 * (y[2] - x[2]) / t, (y[3] - x[3]) / hz }'
}

for name in "${names[@]}"; do
  echo "Warm-up:  ${label[$name]} ($WARMUP)"
  run_wrk "$name" "$WARMUP" >/dev/null
done
for name in "${names[@]}"; do
  echo "Measure:  ${label[$name]} ($DURATION, $CONNECTIONS connections, $THREADS threads)"
  if profiled "$name"; then
    "$jdk/bin/jcmd" "$server_pid" JFR.start name=kio settings=profile >/dev/null || die "jcmd JFR.start failed"
  fi
  before=$(cpu_snapshot)
  result=$(run_wrk "$name" "$DURATION")
  if profiled "$name"; then
    jfr_files[$name]="$out_dir/kio-$stamp-$name.jfr"
    "$jdk/bin/jcmd" "$server_pid" JFR.stop name=kio filename="${jfr_files[$name]}" >/dev/null || die "jcmd JFR.stop failed"
  fi
  read -r server_cpu[$name] busy[$name] cpu_seconds[$name] <<<"$(cpu_share "$before" "$(cpu_snapshot)")"
  {
    echo; echo "## ${label[$name]}"; echo "$result"
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

# ---------------------------------------------------------------- report

health_rps=${rps[health]}
table=$(
  printf '%-26s %11s %9s %9s %10s %11s %13s %11s %7s\n' "endpoint" "requests/s" "p50 ms" "p99 ms" "vs health" \
    "server CPU" "machine busy" "req/CPU-s" "errors"
  for name in "${names[@]}"; do
    ratio=$(awk -v a="${rps[$name]}" -v b="$health_rps" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
    per_cpu=$(awk -v r="${requests[$name]}" -v c="${cpu_seconds[$name]}" 'BEGIN { if (c + 0 > 0) printf "%.0f", r / c; else print "n/a" }')
    printf '%-26s %11s %9s %9s %10s %11s %13s %11s %7s\n' "${label[$name]}" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" \
      "$ratio" "${server_cpu[$name]}" "${busy[$name]}" "$per_cpu" "$(( ${non2xx[$name]} + ${errors[$name]} ))"
  done
)
echo
echo "$table"
echo

status=0
check() { # description ok(0/1)
  if [[ "$2" == 1 ]]; then echo "PASS  $1"; else echo "FAIL  $1"; fi
}
ratio_ok=$(awk -v a="${rps[app]}" -v b="$health_rps" -v g="$GOAL_RATIO" 'BEGIN { print (a >= g * b ? 1 : 0) }')
p99_ok=$(awk -v p="${p99[app]}" -v g="$GOAL_P99_MS" 'BEGIN { print (p < g ? 1 : 0) }')
goals=$(
  check "GET /apps/{id} rate >= ${GOAL_RATIO}x health rate ($(awk -v a="${rps[app]}" -v b="$health_rps" 'BEGIN { printf "%.2fx", a / b }'))" "$ratio_ok"
  check "GET /apps/{id} p99 < ${GOAL_P99_MS} ms at $CONNECTIONS connections (${p99[app]} ms)" "$p99_ok"
)
echo "$goals"
if [[ "$ratio_ok" != 1 || "$p99_ok" != 1 ]]; then
  status=1
fi
for name in "${names[@]}"; do
  if [[ "${non2xx[$name]}" != 0 || "${errors[$name]}" != 0 ]]; then
    echo "WARNING ${label[$name]}: ${non2xx[$name]} non-2xx answers and ${errors[$name]} socket errors; its figures are not valid" >&2
    status=2
  fi
done
{ echo; echo "$table"; echo; echo "$goals"; } >>"$raw"
for name in "${names[@]}"; do
  [[ -n "${jfr_files[$name]:-}" ]] || continue
  echo
  echo "Profile of ${label[$name]}: ${jfr_files[$name]}"
  for view in hot-methods allocation-by-class gc-pauses; do
    "$jdk/bin/jfr" view --width 160 "$view" "${jfr_files[$name]}" 2>/dev/null | tee -a "$raw" | head -30 || true
  done
  echo
  "$java" "$here/JfrBreakdown.java" "${jfr_files[$name]}" | tee -a "$raw" || true
done
echo
echo "Raw wrk output: $raw"
exit "$status"
