#!/usr/bin/env bash
# Audit log benchmark: what the hash-chained audit log costs a write, with 32 concurrent writers.
#
#   bench/audit/run.sh
#
# For each database in DBS (embedded H2 and PostgreSQL by default) it starts two Keyport servers
# on fresh databases, the same jar and settings except one: the second runs with KEYPORT_AUDIT=off
# (with KEYPORT_BENCHMARK_UNSAFE=true, which the switch requires; never for production). Both are
# seeded with APPS applications through the public API, then wrk's writers send
#
#   PUT /apps/{id}  {"criticality_level": n}   rotating over the applications
#
# to each server in turn (unaudited, audited, unaudited, audited, ... ROUNDS times each), so both
# see the same machine load. The write path is identical (authorisation, row lock, update, search
# index, commit) except the audit append: one pending entry, linked into the chain after commit (decision 0015).
#
# Goal: audited throughput at least 0.5x unaudited, per database. The audited server's chain is
# then verified (GET /api/audit/verify) and must hold one entry per acknowledged write: nothing lost.
#
# Settings (environment variables):
#   DBS ("h2 postgres")            databases to measure; postgres needs initdb and pg_ctl (Debian's
#                                  postgresql package: /usr/lib/postgresql/*/bin), or PG_BIN
#   APPS (1000)                    applications seeded and written to
#   DURATION (10s), ROUNDS (3)     per measurement, and measurements per server
#   WARMUP (5s)                    per server, not reported
#   CONNECTIONS (32), THREADS (2)  wrk load (concurrent writers)
#   JAVA_HOME, SERVER_JAVA_OPTS    as in bench/kio
#   KEEP=1                         keep the temporary folder
#
# Exit status: 0 all goals met, 1 a goal missed, 2 the benchmark could not run.
set -euo pipefail

DBS=${DBS:-h2 postgres}
APPS=${APPS:-1000}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
GOAL_RATIO=0.5

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${JAR:-$root/backend/target/keyport-server.jar}
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"

bench_setup

work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench-audit.XXXXXX")
chmod 755 "$work"
pids=()
pg_data=""
cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  [[ -n "$pg_data" ]] && stop_postgres
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- PostgreSQL

# initdb refuses to run as root: as root, the cluster belongs to the postgres user.
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local initdb
  initdb=$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)
  [[ -n "$initdb" ]] || return 1
  dirname "$(readlink -f "$initdb")"
}
pg_port=""
start_postgres() {
  local bin
  bin=$(pg_bin) || die "PostgreSQL not found: install Debian's postgresql package or set PG_BIN (or DBS=h2)"
  pg_data="$work/pg"
  mkdir -p "$pg_data"
  [[ "$(id -u)" == 0 ]] && chown postgres "$pg_data"
  as_pg "$bin/initdb" -D "$pg_data/data" -U postgres --auth=trust -E UTF8 >"$work/pg-initdb.log" 2>&1 \
    || die "initdb failed: see $work/pg-initdb.log"
  pg_port=$(free_port) || die "no free port found"
  as_pg "$bin/pg_ctl" -D "$pg_data/data" -l "$pg_data/server.log" -w \
    -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null \
    || die "PostgreSQL did not start: see $pg_data/server.log"
  echo "Postgres: $("$bin/postgres" --version) on 127.0.0.1:$pg_port (data in $pg_data/data, default settings)"
  for mode in on off; do
    "$bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE keyport_audit_$mode" postgres \
      || die "cannot create database keyport_audit_$mode"
  done
}
stop_postgres() {
  as_pg "$(pg_bin)/pg_ctl" -D "$pg_data/data" -m fast -w stop >/dev/null 2>&1 || true
  pg_data=""
}

# ---------------------------------------------------------------- servers

declare -A base pid_of token
start_server() { # db mode
  local db=$1 mode=$2 port dir
  port=$(free_port) || die "no free port found"
  dir="$work/$db-$mode"
  mkdir -p "$dir"
  local env=(KEYPORT_DATA_DIR="$dir/data" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$port"
    KEYPORT_ADMIN_PASSWORD="$password")
  if [[ "$db" == postgres ]]; then
    env+=(KEYPORT_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/keyport_audit_$mode" KEYPORT_DB_USER=postgres
      KEYPORT_DB_PASSWORD=unused)
  fi
  if [[ "$mode" == off ]]; then
    env+=(KEYPORT_AUDIT=off KEYPORT_BENCHMARK_UNSAFE=true)
  fi
  # shellcheck disable=SC2086
  env "${env[@]}" "$java" $SERVER_JAVA_OPTS -jar "$jar" >"$dir/server.log" 2>&1 &
  pid_of[$mode]=$!
  pids+=("$!")
  base[$mode]="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    curl -fsS "${base[$mode]}/.well-known/health" >/dev/null 2>&1 && break
    kill -0 "${pid_of[$mode]}" 2>/dev/null || { tail -20 "$dir/server.log" >&2; die "the $mode server exited"; }
    sleep 0.5
  done
  curl -fsS "${base[$mode]}/.well-known/health" >/dev/null 2>&1 || die "the $mode server did not become healthy"
  "$java" "$root/bench/kio/Seed.java" --url "${base[$mode]}" --password "$password" --apps "$APPS" --teams 10 \
    --out "$dir/seed" >"$dir/seed.log" 2>&1 || { cat "$dir/seed.log" >&2; die "seeding the $mode server failed"; }
  token[$mode]=$(cat "$dir/seed/token")
}
stop_server() { # mode
  kill "${pid_of[$1]}" 2>/dev/null || true
  wait "${pid_of[$1]}" 2>/dev/null || true
}

run_wrk() { # mode duration
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout 30s --latency -H "Authorization: Bearer ${token[$1]}" \
    -s "$here/writes.lua" "${base[$1]}" -- "$APPS"
}

verify() { # mode -> "intact entries"
  local body
  body=$(curl -fsS -H "Authorization: Bearer ${token[$1]}" "${base[$1]}/api/audit/verify") || die "audit verify failed"
  echo "$(sed -n 's/.*"intact" *: *\([a-z]*\).*/\1/p' <<<"$body") $(sed -n 's/.*"entries" *: *\([0-9]*\).*/\1/p' <<<"$body")"
}

# ---------------------------------------------------------------- measure

password="bench-$(date +%s)-$RANDOM"
out_dir="$root/bench/out"
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out_dir/audit-$stamp.txt"
{
  echo "# Audit benchmark $stamp"
  echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') CPUs; JDK: $("$java" -version 2>&1 | head -1)"
  echo "# dbs=$DBS apps=$APPS duration=$DURATION rounds=$ROUNDS connections=$CONNECTIONS threads=$THREADS"
} >"$raw"

status=0
report=""
for db in $DBS; do
  [[ "$db" == h2 || "$db" == postgres ]] || die "DBS may hold h2 and postgres, not $db"
  echo "== $db"
  [[ "$db" == postgres ]] && start_postgres
  start_server "$db" on
  start_server "$db" off
  read -r _ entries_before <<<"$(verify on)"
  read -r _ off_entries_before <<<"$(verify off)"

  declare -A requests=([on]=0 [off]=0) seconds=([on]=0 [off]=0) worst_p99=([on]=0 [off]=0) bad=([on]=0 [off]=0)
  declare -A acknowledged=([on]=0 [off]=0) busy_sum=([on]=0 [off]=0) server_sum=([on]=0 [off]=0)
  record() { # mode line counted(0/1) cpu
    local r n
    r=$(value requests "$2"); n=$(value non2xx "$2")
    acknowledged[$1]=$(( ${acknowledged[$1]} + r - n ))
    bad[$1]=$(( ${bad[$1]} + n + $(value socket_errors "$2") ))
    if [[ "$3" == 1 ]]; then
      requests[$1]=$(( ${requests[$1]} + r ))
      seconds[$1]=$(awk -v a="${seconds[$1]}" -v b="$(value seconds "$2")" 'BEGIN { print a + b }')
      worst_p99[$1]=$(awk -v a="${worst_p99[$1]}" -v b="$(value p99_ms "$2")" 'BEGIN { print (b > a ? b : a) }')
      read -r s m _ <<<"$4"
      server_sum[$1]=$(awk -v a="${server_sum[$1]}" -v b="${s%\%}" 'BEGIN { print a + b }')
      busy_sum[$1]=$(awk -v a="${busy_sum[$1]}" -v b="${m%\%}" 'BEGIN { print a + b }')
    fi
  }
  for mode in off on; do
    echo "Warm-up:  audit $mode ($WARMUP)"
    record "$mode" "$(run_wrk "$mode" "$WARMUP" | grep '^RESULT ')" 0 ""
  done
  for round in $(seq 1 "$ROUNDS"); do
    for mode in off on; do
      echo "Measure:  audit $mode, round $round of $ROUNDS ($DURATION, $CONNECTIONS writers)"
      before=$(cpu_snapshot "${pid_of[$mode]}")
      result=$(run_wrk "$mode" "$DURATION")
      cpu=$(cpu_share "$before" "$(cpu_snapshot "${pid_of[$mode]}")")
      { echo; echo "## $db, audit $mode, round $round"; echo "$result"
        echo "CPU: server/machine-busy/CPU-s $cpu; load average $(cat /proc/loadavg 2>/dev/null || echo n/a)"; } >>"$raw"
      line=$(grep '^RESULT ' <<<"$result") || die "no RESULT line from wrk"
      record "$mode" "$line" 1 "$cpu"
    done
  done
  read -r intact entries_after <<<"$(verify on)"
  read -r _ off_entries_after <<<"$(verify off)"
  stop_server on
  stop_server off
  [[ "$db" == postgres ]] && stop_postgres

  rate() { awk -v r="${requests[$1]}" -v s="${seconds[$1]}" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }'; }
  rate_on=$(rate on)
  rate_off=$(rate off)
  ratio=$(awk -v a="$rate_on" -v b="$rate_off" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  appended=$(( entries_after - entries_before ))
  table=$(
    printf '%-12s %11s %12s %11s %12s %13s\n' "audit" "writes/s" "worst p99 ms" "vs off" "server CPU" "machine busy"
    for mode in off on; do
      printf '%-12s %11s %12s %11s %11s%% %12s%%\n' "$mode" "$(rate "$mode")" "${worst_p99[$mode]}" \
        "$(awk -v a="$(rate "$mode")" -v b="$rate_off" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')" \
        "$(awk -v s="${server_sum[$mode]}" -v n="$ROUNDS" 'BEGIN { printf "%.0f", s / n }')" \
        "$(awk -v s="${busy_sum[$mode]}" -v n="$ROUNDS" 'BEGIN { printf "%.0f", s / n }')"
    done
  )
  rate_ok=$(awk -v r="$ratio" -v g="$GOAL_RATIO" 'BEGIN { print (r >= g ? 1 : 0) }')
  # Requests still in flight when wrk stops may commit without being counted: at most one per connection per run.
  slack=$(( CONNECTIONS * (ROUNDS + 1) ))
  chain_ok=0
  if [[ "$intact" == true && "$appended" -ge "${acknowledged[on]}" && "$appended" -le $(( ${acknowledged[on]} + slack )) ]]; then
    chain_ok=1
  fi
  goals=$(
    if [[ "$rate_ok" == 1 ]]; then echo -n "PASS"; else echo -n "FAIL"; fi
    echo "  $db: audited ${rate_on} writes/s = ${ratio}x unaudited ${rate_off} writes/s (goal >= ${GOAL_RATIO}x)"
    if [[ "$chain_ok" == 1 ]]; then echo -n "PASS"; else echo -n "FAIL"; fi
    echo "  $db: chain intact=$intact, $appended entries appended for ${acknowledged[on]} acknowledged writes (+ at most $slack in flight at wrk's stop)"
    echo "      unaudited server: $(( off_entries_after - off_entries_before )) entries appended for ${acknowledged[off]} writes"
  )
  [[ "$rate_ok" == 1 && "$chain_ok" == 1 ]] || { [[ "$status" == 0 ]] && status=1; }
  if [[ "${bad[on]}" != 0 || "${bad[off]}" != 0 ]]; then
    echo "WARNING $db: ${bad[on]} (audited) and ${bad[off]} (unaudited) non-2xx answers or socket errors; figures not valid" >&2
    status=2
  fi
  block=$(printf '%s\n\n%s\n\n%s' "== $db ($APPS applications, $CONNECTIONS writers, $ROUNDS x $DURATION per mode)" "$table" "$goals")
  echo; echo "$block"; echo
  report="$report$block"$'\n\n'
  { echo; echo "$block"; } >>"$raw"
done

echo "================================================================ summary"
echo
echo "$report"
echo "Raw wrk output: $raw"
exit "$status"
