#!/usr/bin/env bash
# Console benchmark: start-up times of the console against their floors, and its memory with
# 100,000 applications, all measured in one run on this machine.
#
#   bench/console/run.sh
#
# Measures, RUNS times each, interleaved, every launch a new JVM with a config folder of its own:
#
#   empty          launch of an empty JavaFX window (bench/console/EmptyWindow.java): the floor
#   window         launch of the console (io.keyport.desktop.Launcher, as installed) to its first
#                  usable window: the sign-in screen on a data folder that has a database (a copy of
#                  one made before the runs), while the bundled server starts behind it
#   server         the server's own headless start: java -jar backend/target/keyport-server.jar to
#                  GET /.well-known/health answering 200
#   dashboard      the same launcher on a fresh data folder with KEYPORT_ADMIN_PASSWORD set: a first
#                  start, so the console starts its bundled server and signs in as admin by itself;
#                  until the signed-in shell's first frame
#   ... shipped archive
#                  the same two launches with the class-data archive the .deb ships (decision 0024):
#                  installers/src/cds/keyport-cds.sh, as the package's postinst runs it, from the
#                  class list of the build's training launch (installers/console/target/input/
#                  keyport.classlist), written once before the runs (-XX:SharedArchiveFile)
#   ... installed  the same two launches of the installed package's launcher (INSTALLED, default
#                  /opt/keyport when it is there): its jlink runtime, its jars and the archive its
#                  postinst wrote; marks switched on through JAVA_TOOL_OPTIONS
#   ... AOT cache  on JDK 24+, for comparison, with an AOT cache (-XX:AOTCache, JEP 483/514)
#                  written by a training launch to the signed-in shell (-XX:AOTCacheOutput, stopped
#                  with SIGTERM). The empty window and the headless server keep the JDK's default
#                  CDS archive only.
#
# "Usable" is the first frame drawn after the window showed and laid out its scene: the process
# prints `keyport.startup <phase> <epoch ms>` (io.keyport.desktop.StartupMarks, switched on by
# -Dkeyport.startup.marks=true; phases `window` and `dashboard`, the latter when the signed-in
# shell is drawn) and the time counts from just before the JVM was launched.
# Phase `dashboard` is the signed-in shell's first frame: the sidebar and the first feature's view
# drawn, before that view's data has arrived (not the dashboard with data).
# Then memory: a data folder seeded with APPS applications (bench/kio/Seed.java through the API, or
# DATA= a folder kept by bench/kio), the console launched on it as above with
# -Dkeyport.console.open=applications, the sign-in typed into its window (xdotool), and the
# console's resident set (VmRSS of its process, bundled server included: it runs in the same JVM)
# read at its `applications` mark: the Applications view's first frame with all rows in its table.
#
# Goals (medians): window <= 1.5x empty; dashboard <= 1.2x (empty + server); memory (resident set)
# after APPS applications < 512 MiB. The time goals are judged on what users run: the installed
# console when there is one, else the console with the shipped archive; the other variants (no
# archive, AOT cache) are reported beside them.
#
# Settings (environment variables):
#   RUNS (5)                    launches per measurement; the median counts (0: memory only)
#   APPS (100000)               applications for the memory measurement (0 skips it)
#   TEAMS (50), SEED_CONCURRENCY (32)   seeding, as bench/kio
#   DATA                        a folder kept by bench/kio/run.sh (KEEP=1) with at least APPS
#                               applications: the memory measurement opens it instead of seeding
#   JAVA_HOME                   a JDK 21+; otherwise the newest one found in the usual places
#   CONSOLE_JAVA_OPTS           extra JVM options for every launch of a JavaFX program, after
#                               the installed launcher's (the --java-options of
#                               installers/src/jpackage/console.args: the heap's cap and collector)
#   INSTALLED                   an installed package's folder (default /opt/keyport if it has
#                               bin/keyport; INSTALLED=none leaves it out)
#   INPUT                       the console's class-path folder to launch (default: this build's
#                               installers/console/target/input, built when missing)
#   BASELINE_INPUT              another class-path folder like installers/console/target/input (an
#                               earlier build of the console): its first window is measured too
#   DISPLAY                     an X display to use; without one, an Xvfb is started (apt: xvfb)
#   BUILD=1                     rebuild the jars and the class list even if they exist
#   KEEP=1                      keep the temporary folder (a seeded memory/ folder in it serves as
#                               DATA= later; copy it first, the console writes into its data)
#   DIAGNOSE=1                  the memory measurement with -XX:NativeMemoryTracking=summary; after
#                               its reading: NMT summary, heap info and the class histogram (jcmd)
#                               into bench/out/console-*-diagnosis.txt
#
# Output: a table with ratios, PASS/FAIL lines for the judged variant and info lines for the others;
# the raw marks go to bench/out/console-*.txt.
# Exit status: 0 all goals met, 1 a goal missed, 2 the benchmark could not run.
set -euo pipefail

RUNS=${RUNS:-5}
APPS=${APPS:-100000}
TEAMS=${TEAMS:-50}
SEED_CONCURRENCY=${SEED_CONCURRENCY:-32}
CONSOLE_JAVA_OPTS=${CONSOLE_JAVA_OPTS:-}
BASELINE_INPUT=${BASELINE_INPUT:-}
INSTALLED=${INSTALLED:-/opt/keyport}
[[ "$INSTALLED" != none && -x "$INSTALLED/bin/keyport" ]] || INSTALLED=""
GOAL_WINDOW=1.5       # console's first window, at most this times the empty window
GOAL_DASHBOARD=1.2    # signed-in dashboard, at most this times (empty window + headless server)
GOAL_MEMORY_MIB=512   # resident memory after APPS applications, below this

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/backend/target/keyport-server.jar
input=${INPUT:-$root/installers/console/target/input}
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"

command -v curl >/dev/null 2>&1 || die "curl is required"
jdk=$(find_jdk) || die "no JDK 21 or newer found; set JAVA_HOME to one"
java="$jdk/bin/java"
echo "JDK:      $jdk ($("$java" -version 2>&1 | head -1))"
if [[ "${BUILD:-0}" == 1 || ! -f "$jar" || ! -f "$input/keyport.classlist" ]]; then
  echo "Building the server jar, the console's class path and its class list (installers/console/target/input) ..."
  (cd "$root" && JAVA_HOME="$jdk" ./mvnw -B -q -Pinstallers -pl installers/console -am package -DskipTests \
    -Dinstaller.skip=true -Dinstaller.cds.skip=false -Dinstaller.rpm.skip=true) || die "build failed"
fi
[[ -f "$input/keyport.classlist" ]] || die "no class list in $input: the console's training launch runs on Linux only"
[[ -n "$INSTALLED" ]] && echo "Installed: $INSTALLED ($(dpkg-query -W -f='${Version}' keyport 2>/dev/null || echo 'not a dpkg package'))"

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
"$jdk/bin/javac" -nowarn -d "$work/classes" -cp "$input/*" "$here"/EmptyWindow.java \
  || die "compiling bench/console failed"
cp="$work/classes:$input/*"
# the JVM options of the installed launcher (the --java-options of installers/src/jpackage/console.args:
# native access, the heap's cap), for every JavaFX program launched here
fx_opts=()
while read -r flag option; do
  if [[ "$flag" == --java-options ]]; then fx_opts+=("$option"); fi
done <"$root/installers/src/jpackage/console.args"
fx_opts+=(-Dkeyport.startup.marks=true)
# shellcheck disable=SC2206
fx_opts+=($CONSOLE_JAVA_OPTS)

now_ms() { date +%s%3N; }

# (These two run in $(...) subshells: they stop their own process on every path.)
# Launches a JavaFX program and prints the milliseconds from launch to its `keyport.startup PHASE` mark.
# Without a command after --, it is "$java", the JavaFX options, the class path and the main class.
until_mark() { # phase log env... -- [options...] main args... | phase log env... -- --command command...
  local phase=$1 log=$2 t0 pid mark
  shift 2
  local envs=()
  while [[ "$1" != -- ]]; do envs+=("$1"); shift; done
  shift
  local command=("$java" "${fx_opts[@]}" -cp "${launch_cp:-$cp}")
  if [[ "${1:-}" == --command ]]; then command=(); shift; fi
  t0=$(now_ms)
  env "${envs[@]}" "${command[@]}" "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1800); do
    mark=$(awk -v p="$phase" '$1 == "keyport.startup" && $2 == p { print $3; exit }' "$log" 2>/dev/null || true)
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
# PASS/FAIL for the judged variant; the others are reported as met/missed only
judge() { # variant text met
  if [[ "$1" == "$judged" ]]; then check "$2" "$3"; elif [[ "$3" == 1 ]]; then echo "info  $2: met"; else echo "info  $2: missed"; fi
}

out_dir="$root/bench/out"
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out_dir/console-$stamp.txt"
{
  echo "# Console benchmark $stamp"
  echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
  echo "# JDK: $("$java" -version 2>&1 | head -1); DISPLAY=$DISPLAY; runs=$RUNS apps=$APPS"
} >"$raw"

# The console's launches: KIND (window or dashboard), VARIANT (plain, shipped, installed, aot,
# baseline), run number. Their class path is the installed one alone (no folder of bench classes:
# CDS archives jars only).
console_launch() { # kind variant run
  local kind=$1 variant=$2 run=$3 name port launch_cp="$input/*"
  local opts=() envs=() main=(io.keyport.desktop.Launcher)
  case "$variant" in
    shipped) opts=(-XX:SharedArchiveFile="$work/shipped.jsa") ;;
    aot) opts=(-XX:AOTCache="$work/console.aot") ;;
    baseline) launch_cp="$BASELINE_INPUT/*" ;;
    installed)
      opts=(--command "$INSTALLED/bin/keyport")
      main=()
      envs=(JAVA_TOOL_OPTIONS="-Dkeyport.startup.marks=true $CONSOLE_JAVA_OPTS")
      ;;
  esac
  name="$kind-$variant-$run"
  port=$(free_port) || die "no free port"
  if [[ "$kind" == window ]]; then
    # an existing database: the sign-in screen, the bundled server starting behind it
    cp -r "$work/existing-data" "$work/$name-data"
    until_mark window "$work/$name.log" "${envs[@]}" KEYPORT_DATA_DIR="$work/$name-data" KEYPORT_CONSOLE_CONFIG_DIR="$work/$name-config" \
      KEYPORT_HTTP_PORT="$port" -- "${opts[@]}" "${main[@]}"
  else
    # a first start with the password preset: the console signs in as admin by itself
    until_mark dashboard "$work/$name.log" "${envs[@]}" KEYPORT_DATA_DIR="$work/$name-data" KEYPORT_CONSOLE_CONFIG_DIR="$work/$name-config" \
      KEYPORT_HTTP_PORT="$port" KEYPORT_ADMIN_PASSWORD=bench-console-pass -- "${opts[@]}" "${main[@]}"
  fi
}

# A training launch to the signed-in shell (first start), stopped with SIGTERM: the JVM writes its
# AOT cache on that orderly exit.
train() { # name jvm-option
  local launch_cp="$input/*"
  local t
  t=$(until_mark dashboard "$work/train-$1.log" KEYPORT_DATA_DIR="$work/train-$1-data" KEYPORT_CONSOLE_CONFIG_DIR="$work/train-$1-config" \
    KEYPORT_HTTP_PORT="$(free_port)" KEYPORT_ADMIN_PASSWORD=bench-console-pass -- "$2" io.keyport.desktop.Launcher) || exit 2
}

declare -A times=() med=()
if [[ "$RUNS" -gt 0 ]]; then # RUNS=0: the memory measurement only
echo "Preparing: a data folder with a database, the console's class archives ..."
existing=$(until_healthy "$work/existing-data") || exit 2
variants=(plain)
sh "$root/installers/src/cds/keyport-cds.sh" "$java" "$input/keyport.classlist" "$work/shipped.jsa" "$input/*" \
  "${fx_opts[@]}" || die "keyport-cds.sh wrote no archive"
variants+=(shipped)
echo "          shipped archive: $(( $(stat -c %s "$work/shipped.jsa") / 1048576 )) MiB, $(grep -cv '^[#@]' "$input/keyport.classlist") classes in the class list"
[[ -n "$INSTALLED" ]] && variants+=(installed)
if [[ "$(java_major "$java")" -ge 24 ]]; then
  train aot -XX:AOTCacheOutput="$work/console.aot"
  [[ -s "$work/console.aot" ]] || { tail -20 "$work/train-aot.log" >&2; die "the training launch wrote no AOT cache"; }
  variants+=(aot)
  echo "          AOT cache:       $(( $(stat -c %s "$work/console.aot") / 1048576 )) MiB"
fi
label() {
  case "$1" in
    plain) echo ", no archive" ;; shipped) echo ", shipped archive" ;; installed) echo ", installed package" ;;
    aot) echo ", AOT cache" ;; baseline) echo ", BASELINE_INPUT" ;;
  esac
}
# the variant the goals are judged on: what users run
judged=shipped
[[ -n "$INSTALLED" ]] && judged=installed
window_variants=("${variants[@]}")
[[ -n "$BASELINE_INPUT" ]] && window_variants+=(baseline)

names=(empty server)
for variant in "${window_variants[@]}"; do names+=("window-$variant"); done
for variant in "${variants[@]}"; do names+=("dashboard-$variant"); done
for run in $(seq 1 "$RUNS"); do
  echo "Run $run of $RUNS ... (load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a))"
  echo "run $run load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" >>"$raw"
  t=$(until_mark window "$work/empty-$run.log" -- EmptyWindow); times[empty]+=" $t"
  printf '  %-44s %6s ms\n' "empty window" "$t"
  for variant in "${window_variants[@]}"; do
    t=$(console_launch window "$variant" "$run"); times[window-$variant]+=" $t"
    printf '  %-44s %6s ms\n' "console window$(label "$variant")" "$t"
  done
  t=$(until_healthy "$work/server-$run"); times[server]+=" $t"
  printf '  %-44s %6s ms\n' "headless server" "$t"
  for variant in "${variants[@]}"; do
    t=$(console_launch dashboard "$variant" "$run"); times[dashboard-$variant]+=" $t"
    printf '  %-44s %6s ms\n' "signed-in shell$(label "$variant")" "$t"
  done
done
for name in "${names[@]}"; do
  echo "$name:${times[$name]}" >>"$raw"
  med[$name]=$(median <<<"${times[$name]# }")
done
empty=${med[empty]}
server=${med[server]}
fi
at_most() { awk -v a="$1" -v g="$2" 'BEGIN { print (a <= g ? 1 : 0) }'; }

memory_line=""
wait_health() { # port pid log: until the server on port answers health 200, 300 s at most
  local _
  for _ in $(seq 1 3000); do
    curl -fsS "http://127.0.0.1:$1/.well-known/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { tail -20 "$3" >&2; die "the server ($3) exited before it was healthy"; }
    sleep 0.1
  done
  die "the server ($3) was not healthy within 300 s"
}
if [[ "$APPS" -gt 0 ]]; then
  # The data: a folder kept by bench/kio (DATA=, KEEP=1) holding at least APPS applications, or a
  # new one seeded here through the API by the headless server, stopped again before the console
  # opens it.
  if [[ -n "${DATA:-}" ]]; then
    [[ -r "$DATA/password" && -r "$DATA/seeded" && -d "$DATA/data" ]] || die "DATA $DATA was not kept by bench/kio/run.sh with KEEP=1"
    [[ "$(cat "$DATA/seeded")" -ge "$APPS" ]] || die "DATA $DATA holds $(cat "$DATA/seeded") applications, fewer than APPS=$APPS"
    memory_data=$(cd "$DATA/data" && pwd)
    password=$(cat "$DATA/password")
    apps_held=$(cat "$DATA/seeded")
  else
    port=$(free_port) || die "no free port"
    base="http://127.0.0.1:$port"
    password="bench-$RANDOM-$RANDOM"
    # laid out as bench/kio keeps it (data, password, seeded): with KEEP=1, $work/memory serves as
    # DATA= for later runs (copy it first: the console writes into its data folder)
    memory_data="$work/memory/data"
    mkdir -p "$memory_data"
    (umask 077 && echo "$password" >"$work/memory/password")
    apps_held=$APPS
    echo "Memory:   seeding $APPS applications into a server at $base (audit off: only the reads matter here) ..."
    # audit off (KEYPORT_AUDIT, docs/security.md) only to seed faster: the measurement reads
    KEYPORT_DATA_DIR="$memory_data" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$port" \
      KEYPORT_ADMIN_PASSWORD="$password" KEYPORT_AUDIT=off KEYPORT_BENCHMARK_UNSAFE=true \
      "$java" -jar "$jar" >"$work/memory-server.log" 2>&1 &
    server_pid=$!
    pids+=("$server_pid")
    wait_health "$port" "$server_pid" "$work/memory-server.log"
    "$java" "$root/bench/kio/Seed.java" --url "$base" --password "$password" --apps "$APPS" --teams "$TEAMS" \
      --concurrency "$SEED_CONCURRENCY" --out "$work/seed" || die "seeding failed"
    stop "$server_pid"
    echo "$APPS" >"$work/memory/seeded"
  fi
  # The console itself (io.keyport.desktop.Launcher, as the window measurements launch it) on that
  # data folder: the sign-in screen, its bundled server starting behind it. The sign-in is typed
  # into the window as a user would (xdotool: the password field has the focus once the server
  # runs); -Dkeyport.console.open=applications opens the Applications view after sign-in, which
  # loads every application (GET /apps) into its table. At the `applications` mark (the view's
  # first frame with the rows in the table) the process's resident set (VmRSS) is read.
  command -v xdotool >/dev/null 2>&1 || die "the memory measurement types the sign-in: install xdotool (apt: xdotool), or APPS=0"
  echo "Memory:   the console on $apps_held applications: sign in, open Applications, read VmRSS ..."
  port=$(free_port) || die "no free port"
  diagnose_opts=()
  [[ "${DIAGNOSE:-0}" == 1 ]] && diagnose_opts=(-XX:NativeMemoryTracking=summary)
  KEYPORT_DATA_DIR="$memory_data" KEYPORT_CONSOLE_CONFIG_DIR="$work/memory-config" KEYPORT_HTTP_PORT="$port" \
    "$java" "${fx_opts[@]}" "${diagnose_opts[@]}" -Dkeyport.console.open=applications -cp "$input/*" io.keyport.desktop.Launcher \
    >"$work/memory.log" 2>&1 &
  memory_pid=$!
  pids+=("$memory_pid")
  wait_health "$port" "$memory_pid" "$work/memory.log"
  # the console puts the running server's URL into its sign-in form and focuses the password
  # field right after the server's start returns: give that a moment before typing
  sleep 3
  window=""
  for _ in $(seq 1 300); do
    window=$(xdotool search --name '^Keyport console$' 2>/dev/null | head -1 || true)
    [[ -n "$window" ]] && grep -q 'keyport.startup window' "$work/memory.log" && break
    sleep 0.1
  done
  [[ -n "$window" ]] || die "no console window on $DISPLAY"
  signed_in=""
  for _ in $(seq 1 3000); do
    if (( ${signin_tries:-0} % 100 == 0 )); then # every 10 s until the shell shows: the field may not have had the focus yet
      xdotool windowfocus --sync "$window" 2>/dev/null || true
      xdotool key --window "$window" ctrl+a 2>/dev/null || true
      xdotool type --window "$window" --delay 5 "$password" 2>/dev/null || true
      xdotool key --window "$window" Return 2>/dev/null || true
    fi
    signin_tries=$(( ${signin_tries:-0} + 1 ))
    grep -q 'keyport.startup dashboard' "$work/memory.log" && { signed_in=1; break; }
    kill -0 "$memory_pid" 2>/dev/null || { tail -20 "$work/memory.log" >&2; die "the console exited before sign-in"; }
    sleep 0.1
  done
  [[ -n "$signed_in" ]] || die "the console did not sign in within 300 s (see $work/memory.log, KEEP=1)"
  for _ in $(seq 1 6000); do
    if grep -q 'keyport.startup applications' "$work/memory.log"; then
      rss=$(awk '$1 == "VmRSS:" { print $2 * 1024 }' "/proc/$memory_pid/status")
      hwm=$(awk '$1 == "VmHWM:" { print $2 * 1024 }' "/proc/$memory_pid/status")
      memory_line="keyport.memory apps=$apps_held rss=$rss peak_rss=$hwm"
      if [[ "${DIAGNOSE:-0}" == 1 ]]; then
        # after the reading: NMT's summary, the heap's state, then the histogram (a full GC)
        diagnosis="$out_dir/console-$stamp-diagnosis.txt"
        {
          echo "# $memory_line"
          "$jdk/bin/jcmd" "$memory_pid" VM.native_memory summary
          "$jdk/bin/jcmd" "$memory_pid" GC.heap_info
          "$jdk/bin/jcmd" "$memory_pid" GC.class_histogram | head -45
          echo "# after the histogram's full GC: $(awk '$1 == "VmRSS:" { print $2 / 1024 " MiB" }' "/proc/$memory_pid/status")"
          "$jdk/bin/jcmd" "$memory_pid" GC.heap_info
        } >"$diagnosis" 2>&1
        echo "Memory:   diagnosis in $diagnosis"
      fi
      break
    fi
    kill -0 "$memory_pid" 2>/dev/null || { tail -20 "$work/memory.log" >&2; die "the console exited before its applications mark"; }
    sleep 0.1
  done
  grep -q 'Could not load applications' "$work/memory.log" && die "the Applications view could not load the applications"
  stop "$memory_pid"
  [[ -n "$memory_line" ]] || die "no applications mark from the console within 600 s"
  echo "$memory_line" >>"$raw"
fi

mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
{
  if [[ "$RUNS" -gt 0 ]]; then
  echo
  printf '%-58s %8s   %s\n' "measurement (median of $RUNS)" "ms" "all runs (ms)"
  printf '%-58s %8s  %s\n' "empty JavaFX window (floor, the JDK's default CDS)" "$empty" "${times[empty]}"
  printf '%-58s %8s  %s\n' "server alone: java -jar to health 200" "$server" "${times[server]}"
  for variant in "${window_variants[@]}"; do
    printf '%-58s %8s  %s\n' "console: first usable window$(label "$variant")" "${med[window-$variant]}" "${times[window-$variant]}"
  done
  for variant in "${variants[@]}"; do
    printf '%-58s %8s  %s\n' "console: signed-in shell, bundled server$(label "$variant")" "${med[dashboard-$variant]}" "${times[dashboard-$variant]}"
  done
  echo
  for variant in "${window_variants[@]}"; do
    r=$(ratio "${med[window-$variant]}" "$empty")
    judge "$variant" "first window$(label "$variant") ${med[window-$variant]} ms = ${r}x the empty window's $empty ms (goal <= ${GOAL_WINDOW}x)" \
      "$(at_most "$r" "$GOAL_WINDOW")"
  done
  for variant in "${variants[@]}"; do
    r=$(ratio "${med[dashboard-$variant]}" "$((empty + server))")
    judge "$variant" "signed-in shell$(label "$variant") ${med[dashboard-$variant]} ms = ${r}x (empty window + headless server = $((empty + server)) ms) (goal <= ${GOAL_DASHBOARD}x)" \
      "$(at_most "$r" "$GOAL_DASHBOARD")"
  done
  fi
  if [[ -n "$memory_line" ]]; then
    rss=$(value rss " $memory_line")
    peak=$(value peak_rss " $memory_line")
    check "console's memory with $(value apps " $memory_line") applications in its Applications view: resident $(mib "$rss") MiB (peak $(mib "$peak") MiB) (goal < ${GOAL_MEMORY_MIB} MiB)" \
      "$(awk -v r="$rss" -v g="$GOAL_MEMORY_MIB" 'BEGIN { print (r < g * 1048576 ? 1 : 0) }')"
  fi
} | tee -a "$raw" | tee "$work/summary"
echo
echo "Raw figures: $raw"
grep -q '^FAIL' "$work/summary" && exit 1
exit 0
