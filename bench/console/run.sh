#!/usr/bin/env bash
# Console benchmark: start-up times of the console against their floors, and its memory with
# 100,000 applications, all measured in one run on this machine.
#
#   bench/console/run.sh
#
# Measures, RUNS times each, interleaved, every launch a new JVM (fresh data folders):
#
#   empty      launch of an empty JavaFX window (bench/console/EmptyWindow.java): the floor
#   window     launch of the console (io.keyport.desktop.Launcher) to its first usable window
#   server     the server's own headless start: java -jar backend/target/keyport-server.jar to
#              GET /.well-known/health answering 200
#   dashboard  launch to the signed-in dashboard with the bundled server
#              (bench/console/BundledDashboard.java, see its comment: a stand-in built from the
#              console's and the server's classes until the console bundles the server itself)
#
# "Usable" is the first frame drawn after the window showed and laid out its scene: the process
# prints `keyport.startup <phase> <epoch ms>` (io.keyport.desktop.StartupMarks, switched on by
# -Dkeyport.startup.marks=true) and the time counts from just before the JVM was launched.
# Then memory: a server seeded with APPS applications (bench/kio/Seed.java, through the API), and
# bench/console/AppsMemory.java loads all of them with GET /apps into an ObservableList backing an
# on-screen TableView; after its first frame and three full GCs it reports heap and resident memory.
#
# Goals (medians): window <= 1.5x empty; dashboard <= 1.2x (empty + server); memory (resident set)
# after APPS applications < 512 MiB.
#
# Settings (environment variables):
#   RUNS (5)                    launches per measurement; the median counts
#   APPS (100000)               applications for the memory measurement (0 skips it)
#   TEAMS (50), SEED_CONCURRENCY (32)   seeding, as bench/kio
#   JAVA_HOME                   a JDK 21+; otherwise the newest one found in the usual places
#   CONSOLE_JAVA_OPTS           extra JVM options for every launch of a JavaFX program
#   DISPLAY                     an X display to use; without one, an Xvfb is started (apt: xvfb)
#   BUILD=1                     rebuild the jars even if they exist
#   KEEP=1                      keep the temporary folder
#
# Output: a table with ratios and PASS/FAIL lines; the raw marks go to bench/out/console-*.txt.
# Exit status: 0 all goals met, 1 a goal missed, 2 the benchmark could not run.
set -euo pipefail

RUNS=${RUNS:-5}
APPS=${APPS:-100000}
TEAMS=${TEAMS:-50}
SEED_CONCURRENCY=${SEED_CONCURRENCY:-32}
CONSOLE_JAVA_OPTS=${CONSOLE_JAVA_OPTS:-}
GOAL_WINDOW=1.5       # console's first window, at most this times the empty window
GOAL_DASHBOARD=1.2    # signed-in dashboard, at most this times (empty window + headless server)
GOAL_MEMORY_MIB=512   # resident memory after APPS applications, below this

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/backend/target/keyport-server.jar
input=$root/installers/console/target/input
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"

command -v curl >/dev/null 2>&1 || die "curl is required"
jdk=$(find_jdk) || die "no JDK 21 or newer found; set JAVA_HOME to one"
java="$jdk/bin/java"
echo "JDK:      $jdk ($("$java" -version 2>&1 | head -1))"
if [[ "${BUILD:-0}" == 1 || ! -f "$jar" || ! -d "$input" ]]; then
  echo "Building the server jar and the console's class path (installers/console/target/input) ..."
  (cd "$root" && JAVA_HOME="$jdk" ./mvnw -B -q -Pinstallers -pl installers/console -am package -DskipTests \
    -Dinstaller.skip=true -Dinstaller.rpm.skip=true) || die "build failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench-console.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

stop() { # pid: TERM, then wait
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

if [[ -z "${DISPLAY:-}" ]]; then
  command -v Xvfb >/dev/null 2>&1 || die "no DISPLAY and no Xvfb: install xvfb (Debian/Ubuntu: sudo apt-get install xvfb) or run on a desktop"
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
  pids+=($!)
  for _ in $(seq 1 100); do [[ -s "$work/display" ]] && break; sleep 0.1; done
  [[ -s "$work/display" ]] || die "Xvfb did not start: $(cat "$work/xvfb.log")"
  export DISPLAY=":$(tr -d '[:space:]' <"$work/display")"
  echo "Display:  Xvfb $DISPLAY"
else
  echo "Display:  $DISPLAY"
fi

echo "Compiling the bench programs ..."
mkdir -p "$work/classes"
"$jdk/bin/javac" -nowarn -d "$work/classes" -cp "$input/*" "$here"/EmptyWindow.java "$here"/BundledDashboard.java \
  "$here"/AppsMemory.java || die "compiling bench/console failed"
cp="$work/classes:$input/*"
fx_opts=(--enable-native-access=ALL-UNNAMED -Dkeyport.startup.marks=true)
# shellcheck disable=SC2206
fx_opts+=($CONSOLE_JAVA_OPTS)

now_ms() { date +%s%3N; }

# (These two run in $(...) subshells: they stop their own process on every path.)
# Launches a JavaFX program and prints the milliseconds from launch to its `keyport.startup PHASE` mark.
until_mark() { # phase log env... -- main args...
  local phase=$1 log=$2 t0 pid mark
  shift 2
  local envs=()
  while [[ "$1" != -- ]]; do envs+=("$1"); shift; done
  shift
  t0=$(now_ms)
  env "${envs[@]}" "$java" "${fx_opts[@]}" -cp "$cp" "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1800); do
    mark=$(awk -v p="$phase" '$1 == "keyport.startup" && $2 == p { print $3; exit }' "$log")
    [[ -n "$mark" ]] && break
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; die "$* exited before its $phase mark"; }
    sleep 0.1
  done
  stop "$pid"
  [[ -n "$mark" ]] || die "no $phase mark from $* within 180 s"
  echo $((mark - t0))
}

# Starts the server jar and prints the milliseconds from launch to the first health answer 200.
until_healthy() { # data-dir
  local port t0 pid elapsed=""
  port=$(free_port) || die "no free port"
  t0=$(now_ms)
  KEYPORT_DATA_DIR="$1" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$port" KEYPORT_ADMIN_PASSWORD=bench-console-pass \
    "$java" -jar "$jar" >"$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3600); do
    if curl -fsS --max-time 2 "http://127.0.0.1:$port/.well-known/health" >/dev/null 2>&1; then
      elapsed=$(( $(now_ms) - t0 ))
      break
    fi
    kill -0 "$pid" 2>/dev/null || { tail -20 "$1.log" >&2; die "the server exited before it was healthy"; }
    sleep 0.05
  done
  stop "$pid"
  [[ -n "$elapsed" ]] || die "the server was not healthy within 180 s"
  echo "$elapsed"
}

median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
check() { if [[ "$2" == 1 ]]; then echo "PASS  $1"; else echo "FAIL  $1"; fi; }

out_dir="$root/bench/out"
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out_dir/console-$stamp.txt"
{
  echo "# Console benchmark $stamp"
  echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
  echo "# JDK: $("$java" -version 2>&1 | head -1); DISPLAY=$DISPLAY; runs=$RUNS apps=$APPS"
} >"$raw"

declare -A times=([empty]="" [window]="" [server]="" [dashboard]="")
for run in $(seq 1 "$RUNS"); do
  echo "Run $run of $RUNS ..."
  t=$(until_mark window "$work/empty-$run.log" -- EmptyWindow); times[empty]+=" $t"
  echo "  empty window       $t ms"
  t=$(until_mark window "$work/console-$run.log" -- io.keyport.desktop.Launcher); times[window]+=" $t"
  echo "  console window     $t ms"
  t=$(until_healthy "$work/server-$run"); times[server]+=" $t"
  echo "  headless server    $t ms"
  port=$(free_port) || die "no free port"
  t=$(until_mark dashboard "$work/dashboard-$run.log" KEYPORT_DATA_DIR="$work/bundled-$run" KEYPORT_HTTP_HOST=127.0.0.1 \
    KEYPORT_HTTP_PORT="$port" KEYPORT_ADMIN_PASSWORD=bench-console-pass -- BundledDashboard); times[dashboard]+=" $t"
  echo "  bundled dashboard  $t ms"
done
for name in empty window server dashboard; do
  echo "$name:${times[$name]}" >>"$raw"
done

empty=$(median <<<"${times[empty]# }")
window=$(median <<<"${times[window]# }")
server=$(median <<<"${times[server]# }")
dashboard=$(median <<<"${times[dashboard]# }")
window_ratio=$(ratio "$window" "$empty")
dashboard_ratio=$(ratio "$dashboard" "$((empty + server))")
at_most() { awk -v a="$1" -v g="$2" 'BEGIN { print (a <= g ? 1 : 0) }'; }

memory_line=""
if [[ "$APPS" -gt 0 ]]; then
  port=$(free_port) || die "no free port"
  base="http://127.0.0.1:$port"
  password="bench-$RANDOM-$RANDOM"
  echo "Memory:   seeding $APPS applications into a server at $base (audit off: only the reads matter here) ..."
  # audit off (KEYPORT_AUDIT, docs/security.md) only to seed faster: the measurement reads
  KEYPORT_DATA_DIR="$work/memory-data" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$port" \
    KEYPORT_ADMIN_PASSWORD="$password" KEYPORT_AUDIT=off KEYPORT_BENCHMARK_UNSAFE=true \
    "$java" -jar "$jar" >"$work/memory-server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 1800); do
    curl -fsS "$base/.well-known/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/memory-server.log" >&2; die "the server exited"; }
    sleep 0.1
  done
  "$java" "$root/bench/kio/Seed.java" --url "$base" --password "$password" --apps "$APPS" --teams "$TEAMS" \
    --concurrency "$SEED_CONCURRENCY" --out "$work/seed" || die "seeding failed"
  echo "Memory:   loading them into the console's table ..."
  "$java" "${fx_opts[@]}" -cp "$cp" AppsMemory "$base" "$work/seed/token" >"$work/memory.log" 2>&1 &
  memory_pid=$!
  pids+=("$memory_pid")
  for _ in $(seq 1 3000); do
    memory_line=$(grep -m1 '^keyport.memory ' "$work/memory.log" || true)
    [[ -n "$memory_line" ]] && break
    kill -0 "$memory_pid" 2>/dev/null || { tail -20 "$work/memory.log" >&2; die "AppsMemory exited before it reported"; }
    sleep 0.1
  done
  stop "$memory_pid"
  stop "$server_pid"
  [[ -n "$memory_line" ]] || die "AppsMemory did not report within 300 s"
  echo "$memory_line" >>"$raw"
fi

mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
{
  echo
  printf '%-46s %10s   %s\n' "measurement (median of $RUNS)" "ms" "all runs (ms)"
  printf '%-46s %10s  %s\n' "empty JavaFX window (floor)" "$empty" "${times[empty]}"
  printf '%-46s %10s  %s\n' "console: first usable window" "$window" "${times[window]}"
  printf '%-46s %10s  %s\n' "server alone: java -jar to health 200" "$server" "${times[server]}"
  printf '%-46s %10s  %s\n' "console: signed-in dashboard, bundled server" "$dashboard" "${times[dashboard]}"
  echo
  check "first window ${window} ms = ${window_ratio}x the empty window's ${empty} ms (goal <= ${GOAL_WINDOW}x)" \
    "$(at_most "$window_ratio" "$GOAL_WINDOW")"
  check "signed-in dashboard ${dashboard} ms = ${dashboard_ratio}x (empty window + headless server = $((empty + server)) ms) (goal <= ${GOAL_DASHBOARD}x)" \
    "$(at_most "$dashboard_ratio" "$GOAL_DASHBOARD")"
  if [[ -n "$memory_line" ]]; then
    rss=$(value rss " $memory_line")
    heap=$(value heap_used " $memory_line")
    committed=$(value heap_committed " $memory_line")
    check "memory after $(value apps " $memory_line") applications: resident $(mib "$rss") MiB (heap used $(mib "$heap") MiB of $(mib "$committed") MiB committed) (goal < ${GOAL_MEMORY_MIB} MiB)" \
      "$(awk -v r="$rss" -v g="$GOAL_MEMORY_MIB" 'BEGIN { print (r < g * 1048576 ? 1 : 0) }')"
  fi
} | tee -a "$raw" | tee "$work/summary"
echo
echo "Raw figures: $raw"
grep -q '^FAIL' "$work/summary" && exit 1
exit 0
