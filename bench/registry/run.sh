#!/usr/bin/env bash
# Image registry benchmark: Keyport's registry against Debian's docker-registry (distribution 2.8)
# side by side in one run, on loopback, each with a filesystem root in a new temporary folder.
#
#   bench/registry/run.sh
#
# Measures, interleaving the two registries round by round (bench/registry/Push.java, a plain
# keep-alive HTTP/1.1 client; MB = 10^6 bytes):
#
#   push, monolithic   POST, then PUT ?digest= with a SIZE_MIB blob (new random bytes every time)
#   push, chunked      POST, PATCH with Content-Range per CHUNK_MIB, PUT ?digest=
#   pull               GET of the last pushed blob (after one warm-up pull)
#   manifest GET       by tag and by digest: wrk, CONNECTIONS connections, THREADS threads
#   small pushes       CLIENTS concurrent clients, IMAGES images each (a config and a LAYER_KIB
#                      layer, each HEAD, POST, PATCH, PUT as docker sends them, then the manifest
#                      under a new tag): images per second
#   dd conv=fsync      the machine's own fsync'd write speed of SIZE_MIB, before and after
#   dd and the loopback ceiling in every push round (decision 0063): before each round of
#                      pushes, dd conv=fsync of SIZE_MIB and SIZE_MIB over one raw TCP connection,
#                      written and fsync'd (bench/Loopback.java: no HTTP, no digest), so that the
#                      push-against-disk goals divide by the disk as the pushes found it (its
#                      fsync'd speed falls by 4-6x within a run); and, with the pulls, a SIZE_MIB
#                      file sent with sendfile to a client that discards it, LOOP_ROUNDS (3) times
#
# Keyport is called with "Authorization: Bearer <access token>" of the admin: a client holding a
# token pays one lookup in identity's principal cache per request (Basic oauth2:<token> adds a
# base64 decode, a /v2/token registry token a base64 and JSON decode). The peer runs without
# authentication (its cheapest), with its in-memory blob descriptor cache.
#
# Goals: push at least 1.3x the peer and 0.8x the fsync'd write speed (both push kinds); pull at
# least the peer; manifest GET at least 3x the peer (by tag and by digest); small pushes at least
# 1.5x the peer.
#
# Settings (environment variables):
#   SIZE_MIB (512), CHUNK_MIB (5), ROUNDS (3), PULLS (5)   blob pushes and pulls
#   CLIENTS (50), IMAGES (4), LAYER_KIB (64), SMALL_ROUNDS (2)   small pushes
#   DURATION (15s), WARMUP (5s), CONNECTIONS (32), THREADS (2)   manifest GET with wrk;
#   TIMEOUT (10s): slower answers count as socket errors (figures then reported but not valid)
#   ONLY ("blob small manifest")   which parts to run; BLOB_KINDS ("mono,chunked,pull") of blob
#   JAVA_HOME, SERVER_JAVA_OPTS    the JDK and options of the server
#   PROFILE=blob|small|manifest    record a Java Flight Recording of Keyport during that part
#                                  and print where its CPU went (figures then not comparable)
#   KEEP=1                         keep the temporary folder
#   BASELINE_JAR=path              also run that build of Keyport (another commit) as target
#                                  "baseline" in the blob and small parts, interleaved with the
#                                  others, and print Keyport's ratio to it and both CPU times
#
# Exit status: 0 all goals met, 1 a goal missed, 2 the benchmark could not run.
set -euo pipefail

SIZE_MIB=${SIZE_MIB:-512}
CHUNK_MIB=${CHUNK_MIB:-5}
ROUNDS=${ROUNDS:-3}
PULLS=${PULLS:-5}
CLIENTS=${CLIENTS:-50}
IMAGES=${IMAGES:-4}
LAYER_KIB=${LAYER_KIB:-64}
SMALL_ROUNDS=${SMALL_ROUNDS:-2}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
TIMEOUT=${TIMEOUT:-10s}
ONLY=${ONLY:-blob small manifest}
PROFILE=${PROFILE:-}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
GOAL_PUSH=1.3
GOAL_PUSH_DISK=0.8
GOAL_PULL=1.0
GOAL_MANIFEST=3.0
GOAL_SMALL=1.5

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${JAR:-$root/backend/target/keyport-server.jar}
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"

bench_setup
peer_bin=${PEER:-$(command -v docker-registry || true)}
[[ -n "$peer_bin" ]] || die "docker-registry is not installed (Debian/Ubuntu: sudo apt-get install docker-registry)"
part() { [[ " $ONLY " == *" $1 "* ]]; }

work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench-registry.XXXXXX")
server_pid=""
peer_pid=""
baseline_pid=""
BASELINE_JAR=${BASELINE_JAR:-}
cleanup() {
  for pid in "$server_pid" "$peer_pid" "$baseline_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

out_dir="$root/bench/out"
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out_dir/registry-$stamp.txt"
log() { echo "$*" | tee -a "$raw"; }
log "# Registry benchmark $stamp"
log "# host: $(uname -srm), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); JDK: $("$java" -version 2>&1 | head -1)"
log "# peer: $("$peer_bin" --version 2>&1 | head -1)"
log "# load average at start: $(cat /proc/loadavg)"

# ------------------------------------------------------------------ servers
port=$(free_port) || die "no free port"
peer_port=$(free_port) || die "no free port"
[[ "$port" != "$peer_port" ]] || peer_port=$(free_port)
password="bench-$(date +%s)-$RANDOM"
base="http://127.0.0.1:$port"
peer="http://127.0.0.1:$peer_port"
mkdir -p "$work/data" "$work/peer"

server_opts=""
[[ -n "$PROFILE" ]] && server_opts="-XX:FlightRecorderOptions:stackdepth=256"
# shellcheck disable=SC2086
KEYPORT_DATA_DIR="$work/data" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$port" \
  KEYPORT_ADMIN_PASSWORD="$password" \
  "$java" $server_opts $SERVER_JAVA_OPTS -jar "$jar" >"$work/server.log" 2>&1 &
server_pid=$!
if [[ -n "$BASELINE_JAR" ]]; then
  baseline_port=$(free_port) || die "no free port"
  baseline="http://127.0.0.1:$baseline_port"
  mkdir -p "$work/baseline"
  # shellcheck disable=SC2086
  KEYPORT_DATA_DIR="$work/baseline" KEYPORT_HTTP_HOST=127.0.0.1 KEYPORT_HTTP_PORT="$baseline_port" \
    KEYPORT_ADMIN_PASSWORD="$password" \
    "$java" $SERVER_JAVA_OPTS -jar "$BASELINE_JAR" >"$work/baseline.log" 2>&1 &
  baseline_pid=$!
fi

cat >"$work/peer.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/peer
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$peer_port
EOF
"$peer_bin" serve "$work/peer.yml" >"$work/peer.log" 2>&1 &
peer_pid=$!

for _ in $(seq 1 600); do
  curl -fs "$base/.well-known/health" >/dev/null 2>&1 && curl -fs "$peer/v2/" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; die "Keyport did not start"; }
  kill -0 "$peer_pid" 2>/dev/null || { tail -20 "$work/peer.log" >&2; die "docker-registry did not start"; }
  sleep 0.1
done
curl -fs "$base/.well-known/health" >/dev/null || die "Keyport did not answer health"
curl -fs "$peer/v2/" >/dev/null || die "docker-registry did not answer /v2/"
admin_token() { # base URL
  local t
  t=$(curl -fs -d grant_type=password -d username=admin -d "password=$password" "$1/oauth2/token" \
    | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
  [[ -n "$t" ]] || die "no access token from $1"
  curl -fs -o /dev/null -X PUT -H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
    -d '{"name":"Bench"}' "$1/api/teams/bench" || die "cannot create the team bench on $1"
  echo "$t"
}
if [[ -n "$BASELINE_JAR" ]]; then
  for _ in $(seq 1 600); do
    curl -fs "$baseline/.well-known/health" >/dev/null 2>&1 && break
    kill -0 "$baseline_pid" 2>/dev/null || { tail -20 "$work/baseline.log" >&2; die "the baseline did not start"; }
    sleep 0.1
  done
  baseline_token=$(admin_token "$baseline")
fi
token=$(curl -fs -d grant_type=password -d username=admin -d "password=$password" "$base/oauth2/token" \
  | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
[[ -n "$token" ]] || die "no access token from Keyport"
curl -fs -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"Bench"}' "$base/api/teams/bench" || die "cannot create the team bench"
log "Keyport:  $base (data in $work/data), Bearer access token of admin"
log "peer:     $peer (root $work/peer), no authentication"

targets=(--target "keyport=$base,Bearer $token" --target "peer=$peer")
if [[ -n "$BASELINE_JAR" ]]; then
  log "baseline: $baseline ($BASELINE_JAR, data in $work/baseline)"
  targets+=(--target "baseline=$baseline,Bearer $baseline_token")
fi
driver=("$java" -Xmx$((SIZE_MIB * 2 + 512))m -XX:+UseParallelGC "$here/Push.java")

# ------------------------------------------------------------------ measures
declare -A fig
collect() { # output of the driver
  local target measure v
  while read -r line; do
    target=$(value target "$line"); measure=$(value measure "$line"); v=$(value value "$line")
    fig["$target.$measure"]=$v
  done < <(grep "^RESULT " <<<"$1")
}

profile_start() { # part
  if [[ "$PROFILE" == "$1" ]]; then
    "$jdk/bin/jcmd" "$server_pid" JFR.start name=reg settings=profile >/dev/null || die "jcmd JFR.start failed"
  fi
}
profile_stop() { # part
  if [[ "$PROFILE" == "$1" ]]; then
    jfr_file="$out_dir/registry-$stamp-$1.jfr"
    "$jdk/bin/jcmd" "$server_pid" JFR.stop name=reg filename="$jfr_file" >/dev/null || die "jcmd JFR.stop failed"
  fi
}

dd_mb_s() {
  local start end
  start=$(date +%s.%N)
  dd if=/dev/zero of="$work/dd.bin" bs=1M count="$SIZE_MIB" conv=fsync status=none
  end=$(date +%s.%N)
  rm -f "$work/dd.bin"
  awk -v s="$start" -v e="$end" -v b=$((SIZE_MIB * 1048576)) 'BEGIN { printf "%.1f", b / (e - s) / 1e6 }'
}
dd_before=$(dd_mb_s)
log "dd conv=fsync ${SIZE_MIB} MiB: $dd_before MB/s"

# The CPU of the servers during a part: "Keyport-snapshot|peer-snapshot|baseline-snapshot".
cpu_both() {
  local b=""
  [[ -n "$baseline_pid" ]] && b=$(cpu_snapshot "$baseline_pid")
  echo "$(cpu_snapshot "$server_pid")|$(cpu_snapshot "$peer_pid")|$b"
}
cpu_line() { # label before after
  local s b c ps pb pc rest_b rest_a
  rest_b=${2#*|}
  rest_a=${3#*|}
  read -r s b c <<<"$(cpu_share "${2%%|*}" "${3%%|*}")"
  read -r ps pb pc <<<"$(cpu_share "${rest_b%%|*}" "${rest_a%%|*}")"
  log "  CPU during $1: Keyport $s of the machine ($c CPU-s), peer $ps ($pc CPU-s), machine busy $b; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ -n "$baseline_pid" ]]; then
    read -r s b c <<<"$(cpu_share "${rest_b#*|}" "${rest_a#*|}")"
    log "  CPU during $1: baseline $s of the machine ($c CPU-s)"
  fi
}

if part blob; then
  log "Blob pushes: ${SIZE_MIB} MiB, monolithic and in ${CHUNK_MIB} MiB chunks, $ROUNDS rounds each; $PULLS pulls"
  profile_start blob
  before=$(cpu_both)
  result=$("${driver[@]}" blob "${targets[@]}" --size $((SIZE_MIB << 20)) --chunk $((CHUNK_MIB << 20)) \
    --rounds "$ROUNDS" --pulls "$PULLS" --repo bench/blobs --only "${BLOB_KINDS:-mono,chunked,pull}" \
    --disk "$work" --java "$java" --loopback "$root/bench/Loopback.java" | tee -a "$raw") || die "blob pushes failed"
  cpu_line "blob pushes and pulls" "$before" "$(cpu_both)"
  profile_stop blob
  grep -v '^RESULT' <<<"$result"
  collect "$result"
fi

if part small; then
  log "Small pushes: $CLIENTS clients x $IMAGES images (config + ${LAYER_KIB} KiB layer), $SMALL_ROUNDS rounds"
  profile_start small
  before=$(cpu_both)
  result=$("${driver[@]}" small "${targets[@]}" --clients "$CLIENTS" --images "$IMAGES" \
    --layer $((LAYER_KIB << 10)) --rounds "$SMALL_ROUNDS" --repo bench/small | tee -a "$raw") || die "small pushes failed"
  cpu_line "small pushes" "$before" "$(cpu_both)"
  profile_stop small
  grep -v '^RESULT' <<<"$result"
  collect "$result"
fi

if part manifest; then
  result=$("${driver[@]}" manifest "${targets[@]}" --repo bench/app --tag 1.0.0) || die "manifest push failed"
  collect "$result"
  accept='Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
  run_wrk() { # url duration [auth]
    local auth=()
    [[ -n "${3:-}" ]] && auth=(-H "Authorization: $3")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout "$TIMEOUT" --latency -H "$accept" "${auth[@]}" -s "$root/bench/result.lua" "$1"
  }
  for kind in tag digest; do
    for t in keyport peer; do
      if [[ "$kind" == tag ]]; then ref=1.0.0; else ref=${fig[$t.manifest_digest]}; fi
      if [[ "$t" == keyport ]]; then url="$base/v2/bench/app/manifests/$ref"; auth="Bearer $token"
      else url="$peer/v2/bench/app/manifests/$ref"; auth=""; fi
      run_wrk "$url" "$WARMUP" "$auth" >/dev/null
      [[ "$t" == keyport ]] && profile_start manifest
      before=$(cpu_both)
      out=$(run_wrk "$url" "$DURATION" "$auth")
      [[ "$t" == keyport ]] && profile_stop manifest
      { echo "## manifest GET by $kind, $t"; echo "$out"; } >>"$raw"
      line=$(grep '^RESULT ' <<<"$out") || die "no RESULT line from wrk"
      if [[ "$(value non2xx "$line")" != 0 || "$(value socket_errors "$line")" != 0 ]]; then
        log "WARNING manifest GET by $kind on $t: $(value non2xx "$line") non-2xx answers and $(value socket_errors "$line") socket errors; its figures are not valid"
        invalid=1
      fi
      fig["$t.manifest_$kind"]=$(value rps "$line")
      fig["$t.manifest_${kind}_p99"]=$(value p99_ms "$line")
      log "  $t manifest GET by $kind: $(value rps "$line") requests/s, p99 $(value p99_ms "$line") ms"
      cpu_line "manifest GET by $kind ($t measured)" "$before" "$(cpu_both)"
    done
  done
fi

dd_after=$(dd_mb_s)
log "dd conv=fsync ${SIZE_MIB} MiB after: $dd_after MB/s"
loop_down=""
if part blob && [[ "${BLOB_KINDS:-mono,chunked,pull}" == *pull* ]]; then
  head -c $((SIZE_MIB * 1048576)) /dev/zero >"$work/loop.bin"
  loop_down=$("$java" "$root/bench/Loopback.java" send "$work/loop.bin" "${LOOP_ROUNDS:-3}") \
    || die "the loopback ceiling (send) failed"
  rm -f "$work/loop.bin"
  log "loopback ceiling, raw TCP without HTTP: sendfile $loop_down MB/s"
fi
# the disk as the pushes found it: dd in every push round, beside them (else before and after)
disk_mono=${fig[disk.dd_mono_mb_s]:-$disk}
disk_chunked=${fig[disk.dd_chunked_mb_s]:-$disk}
disk=$(awk -v a="$dd_before" -v b="$dd_after" 'BEGIN { printf "%.1f", (a + b) / 2 }')

# ------------------------------------------------------------------ report
invalid=${invalid:-0}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 <= 0) print "0.00"; else printf "%.2f", a / b }'; }
status=0
goal() { # description ratio goal
  if awk -v r="$2" -v g="$3" 'BEGIN { exit !(r + 0 >= g) }'; then
    log "PASS  $1: ${2}x (goal >= ${3}x)"
  else
    log "FAIL  $1: ${2}x (goal >= ${3}x)"
    status=1
  fi
}
log ""
log "$(printf '%-34s %12s %12s %8s' measure keyport peer ratio)"
row() { # label key unit
  local k=${fig[keyport.$2]:-} p=${fig[peer.$2]:-}
  [[ -n "$k" ]] || return 0
  log "$(printf '%-34s %12s %12s %8s' "$1 ($3)" "$k" "$p" "$(ratio "$k" "$p")x")"
}
row "push monolithic ${SIZE_MIB} MiB" push_mono_mb_s MB/s
row "push chunked ${CHUNK_MIB} MiB" push_chunked_mb_s MB/s
row "pull ${SIZE_MIB} MiB" pull_mb_s MB/s
row "manifest GET by tag" manifest_tag req/s
row "manifest GET by digest" manifest_digest req/s
row "small pushes, $CLIENTS clients" small_images_s images/s
log "$(printf '%-34s %12s' "dd conv=fsync (before/after)" "$dd_before/$dd_after") MB/s"
for kind in mono chunked; do
  d=${fig[disk.dd_${kind}_mb_s]:-}
  l=${fig[disk.loopback_${kind}_mb_s]:-}
  [[ -n "$d" ]] || continue
  log "$(printf '%-34s %12s' "$kind rounds: dd / loopback ceiling" "$d/$l") MB/s"
  log "  the ceiling (raw TCP receive + write + fsync, no HTTP, no digest) is $(ratio "$l" "$d")x dd; push $(ratio "${fig[keyport.push_${kind}_mb_s]:-0}" "$l")x the ceiling (peer $(ratio "${fig[peer.push_${kind}_mb_s]:-0}" "$l")x)"
done
if [[ -n "$loop_down" ]]; then
  log "$(printf '%-34s %12s' "loopback ceiling, sendfile" "$loop_down") MB/s"
  log "  pull $(ratio "${fig[keyport.pull_mb_s]:-0}" "$loop_down")x raw sendfile (peer $(ratio "${fig[peer.pull_mb_s]:-0}" "$loop_down")x)"
fi
log "load average at end: $(cat /proc/loadavg)"
log ""
if part blob; then
  goal "push monolithic vs peer" "$(ratio "${fig[keyport.push_mono_mb_s]:-0}" "${fig[peer.push_mono_mb_s]:-0}")" $GOAL_PUSH
  goal "push monolithic vs fsync'd disk" "$(ratio "${fig[keyport.push_mono_mb_s]:-0}" "$disk_mono")" $GOAL_PUSH_DISK
  goal "push chunked vs peer" "$(ratio "${fig[keyport.push_chunked_mb_s]:-0}" "${fig[peer.push_chunked_mb_s]:-0}")" $GOAL_PUSH
  goal "push chunked vs fsync'd disk" "$(ratio "${fig[keyport.push_chunked_mb_s]:-0}" "$disk_chunked")" $GOAL_PUSH_DISK
  goal "pull vs peer" "$(ratio "${fig[keyport.pull_mb_s]:-0}" "${fig[peer.pull_mb_s]:-0}")" $GOAL_PULL
fi
if part manifest; then
  goal "manifest GET by tag vs peer" "$(ratio "${fig[keyport.manifest_tag]:-0}" "${fig[peer.manifest_tag]:-0}")" $GOAL_MANIFEST
  goal "manifest GET by digest vs peer" "$(ratio "${fig[keyport.manifest_digest]:-0}" "${fig[peer.manifest_digest]:-0}")" $GOAL_MANIFEST
fi
if part small; then
  goal "small pushes vs peer" "$(ratio "${fig[keyport.small_images_s]:-0}" "${fig[peer.small_images_s]:-0}")" $GOAL_SMALL
fi
if [[ -n "$BASELINE_JAR" ]]; then
  log ""
  for m in push_mono_mb_s push_chunked_mb_s pull_mb_s small_images_s; do
    [[ -n "${fig[baseline.$m]:-}" ]] || continue
    log "$(printf 'keyport vs baseline, %-20s %12s %12s %8s' "$m" "${fig[keyport.$m]:-}" "${fig[baseline.$m]}" \
      "$(ratio "${fig[keyport.$m]:-0}" "${fig[baseline.$m]}")x")"
  done
fi
if [[ -n "${jfr_file:-}" ]]; then
  echo
  echo "Profile of $PROFILE: $jfr_file"
  for view in hot-methods allocation-by-class; do
    "$jdk/bin/jfr" view --width 160 "$view" "$jfr_file" 2>/dev/null | tee -a "$raw" | head -30 || true
  done
fi
echo "Raw output: $raw"
[[ "$invalid" == 1 ]] && status=2
exit "$status"
