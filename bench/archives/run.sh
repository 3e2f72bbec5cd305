#!/usr/bin/env bash
# Application archive benchmark: upload and download COUNT kploy archives of SIZE_MIB MiB each
# through /api/v1/app, beside what the machine itself does in the same run:
#
#   write peer:  dd if=/dev/zero of=<file> bs=1M count=SIZE_MIB conv=fsync, once right before
#                each upload (the upload goal divides by these: the disk's fsync'd speed falls
#                by 4-6x within a run, decision 0063), and PEER_ROUNDS times before and after
#                (an upload is acknowledged only once its bytes are fsync'd, decision 0002)
#   read peer:   dd if=<stored archive blob> of=/dev/null bs=1M, PEER_ROUNDS times (a plain
#                file read, from the page cache as the server's downloads are)
#
# and beside the Java peers of the same run (decision 0061), which say what any Java HTTP server
# on the same JVM reaches here:
#
#   Helidon peer: bench/archives/HelidonPeer.java, a bare Helidon server on Keyport's own jars:
#                 POST writes the raw body to a file and fsyncs it (no digest, no zip check, no
#                 database); GET streams the file as Keyport does. Each archive goes to both
#                 servers, one after the other, and each download is timed on both.
#   jwebserver:   the JDK's own static file server (com.sun.net.httpserver), GET only.
#   SHA-256:      the JDK's SHA-256 over one archive in memory (an upload's id is its SHA-256).
#
# and beside the machine's loopback ceiling (bench/Loopback.java, decision 0063): SIZE_MIB sent
# over one raw TCP connection and written and fsync'd (no HTTP, no digest), PEER_ROUNDS times, and a
# stored archive sent with sendfile to a client that discards it, PEER_ROUNDS times. No server on
# this machine can upload or download faster than these.
#
#   bench/archives/run.sh
#
# Each archive is a zip with its own Kployfile (so its own SHA-256: no deduplication) and one
# stored entry of random bytes, made just before its upload (not timed). Uploads and downloads
# run one at a time with curl; MB/s is total bytes over the sum of curl's times (MB = 10^6 bytes).
# Timed downloads go to /dev/null, as the read peer's do; every archive is then downloaded again
# (not timed) and compared with what was uploaded (SHA-256 = the archive id).
#
# Goal: upload at least 0.8x the fsync'd write speed and download at least 0.8x the plain read
# speed of the same run. The ratios to the Java peers are printed too; they are not goals.
#
# Settings (environment variables):
#   COUNT (100), SIZE_MIB (50)   archives and their size
#   PEER_ROUNDS (10)             dd runs per peer measurement
#   WARMUP (3)                   untimed uploads and downloads of one extra archive on each server
#                                first, so that neither JVM is timed while it compiles
#   STORAGE (filesystem)         KEYPORT_STORAGE of the server (s3 needs the KEYPORT_S3_* variables)
#   JAVA_HOME, SERVER_JAVA_OPTS  the JDK and options of the server
#   KEEP=1                       keep the temporary folder
#
# Exit status: 0 goals met, 1 a goal missed, 2 the benchmark could not run.
set -euo pipefail

COUNT=${COUNT:-100}
SIZE_MIB=${SIZE_MIB:-50}
PEER_ROUNDS=${PEER_ROUNDS:-10}
WARMUP=${WARMUP:-3}
STORAGE=${STORAGE:-filesystem}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
GOAL_RATIO=0.8

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${JAR:-$root/backend/target/keyport-server.jar}
libs=$(dirname "$jar")/libs
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"

command -v curl >/dev/null 2>&1 || die "curl is required"
command -v python3 >/dev/null 2>&1 || die "python3 is required (it writes the zip archives)"
jdk=$(find_jdk) || die "no JDK 21 or newer found; set JAVA_HOME to one"
java="$jdk/bin/java"
if [[ ! -f "$jar" ]]; then
  echo "Building the server jar ..."
  (cd "$root" && JAVA_HOME="$jdk" ./mvnw -B -q -pl backend -am -DskipTests package) || die "build failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/keyport-bench-archives.XXXXXX")
server_pid=""
peer_pid=""
jweb_pid=""
cleanup() {
  for pid in "$server_pid" "$peer_pid" "$jweb_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "machine:  $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uptime)"
echo "JDK:      $jdk"
echo "archives: $COUNT x $SIZE_MIB MiB, storage $STORAGE"

# ------------------------------------------------------------------ server
port=$(free_port) || die "no free port"
password="bench-admin-password-1"
mkdir -p "$work/data"
# shellcheck disable=SC2086
KEYPORT_HTTP_PORT=$port KEYPORT_DATA_DIR="$work/data" KEYPORT_ADMIN_PASSWORD=$password \
  KEYPORT_STORAGE=$STORAGE KEYPORT_ARCHIVES_MAX_SIZE=$(( (SIZE_MIB + 1) * 1048576 )) \
  "$java" $SERVER_JAVA_OPTS -jar "$jar" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  curl -fs "$base/.well-known/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; die "the server did not start"; }
  sleep 0.1
done
curl -fs "$base/.well-known/health" >/dev/null || die "the server did not answer health"
# the Java peers: a bare Helidon server on the same jars, and the JDK's jwebserver over its folder
peer_port=$(free_port) || die "no free port"
[[ "$peer_port" != "$port" ]] || peer_port=$(free_port)
mkdir -p "$work/peer"
"$java" -cp "$libs/*" "$here/HelidonPeer.java" serve "$peer_port" "$work/peer" >"$work/peer.log" 2>&1 &
peer_pid=$!
jweb_port=$(free_port) || die "no free port"
[[ "$jweb_port" != "$port" && "$jweb_port" != "$peer_port" ]] || jweb_port=$(free_port)
"$jdk/bin/jwebserver" -b 127.0.0.1 -p "$jweb_port" -d "$work/peer" -o none >"$work/jwebserver.log" 2>&1 &
jweb_pid=$!
peer="http://127.0.0.1:$peer_port"
jweb="http://127.0.0.1:$jweb_port"
for _ in $(seq 1 600); do
  grep -q '^ready' "$work/peer.log" 2>/dev/null && curl -s -o /dev/null "$jweb/" 2>/dev/null && break
  kill -0 "$peer_pid" 2>/dev/null || { tail -20 "$work/peer.log" >&2; die "the Helidon peer did not start"; }
  sleep 0.1
done
grep -q '^ready' "$work/peer.log" || die "the Helidon peer did not start"
token=$(curl -fs -d grant_type=password -d username=admin -d "password=$password" "$base/oauth2/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || die "no token"

# ------------------------------------------------------------------ peers
mb_per_s() { # bytes seconds
  awk -v b="$1" -v s="$2" 'BEGIN { if (s <= 0) print "n/a"; else printf "%.1f", b / s / 1e6 }'
}
seconds_of() { # command... -> wall seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }'
}
peer_write() {
  local total=0 t
  for r in $(seq 1 "$PEER_ROUNDS"); do
    t=$(seconds_of dd if=/dev/zero of="$work/peer.bin" bs=1M count="$SIZE_MIB" conv=fsync)
    total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
    rm -f "$work/peer.bin"
  done
  mb_per_s $((PEER_ROUNDS * SIZE_MIB * 1048576)) "$total"
}
peer_read() { # file
  local total=0 t size
  size=$(stat -c %s "$1")
  for r in $(seq 1 "$PEER_ROUNDS"); do
    t=$(seconds_of dd if="$1" of=/dev/null bs=1M)
    total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
  done
  mb_per_s $((PEER_ROUNDS * size)) "$total"
}

head -c $((SIZE_MIB * 1048576 - 1024)) /dev/urandom >"$work/payload.bin"
sha256_speed=$("$java" -cp "$libs/*" "$here/HelidonPeer.java" sha256 "$work/payload.bin" 10) || die "the SHA-256 peer failed"
# warm-up (not timed): one extra archive, WARMUP times up and down on both servers
python3 "$here/make_archive.py" "$work/warmup.kploy" "bench-warmup" "$work/payload.bin"
warmup_id=$(sha256sum "$work/warmup.kploy" | cut -d' ' -f1)
for _ in $(seq 1 "$WARMUP"); do
  curl -fs -o /dev/null -H "Authorization: Bearer $token" --data-binary @"$work/warmup.kploy" \
    "$base/api/v1/app?workspace=http://bench.example/warmup" || die "the warm-up upload failed"
  curl -fs -o /dev/null "$base/api/v1/app/$warmup_id?workspace=http://bench.example/warmup" || die "the warm-up download failed"
  curl -fs -o /dev/null --data-binary @"$work/warmup.kploy" "$peer/files/warmup.kploy" || die "the warm-up upload to the peer failed"
  curl -fs -o /dev/null "$peer/files/warmup.kploy" || die "the warm-up download from the peer failed"
  curl -fs -o /dev/null "$jweb/warmup.kploy" || die "the warm-up download from jwebserver failed"
done
rm -f "$work/warmup.kploy"
write_before=$(peer_write)
loop_up=$("$java" "$root/bench/Loopback.java" receive $((SIZE_MIB * 1048576)) "$PEER_ROUNDS" "$work") \
  || die "the loopback ceiling (receive) failed"

# ------------------------------------------------------------------ uploads
ids=()
up_bytes=0
up_time=0
peer_up_time=0
add() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }
dd_time=0
for i in $(seq 1 "$COUNT"); do
  archive="$work/app-$i.kploy"
  python3 "$here/make_archive.py" "$archive" "bench-app-$i" "$work/payload.bin"
  # the disk as this upload finds it: one fsync'd dd of the same size right before it
  t=$(seconds_of dd if=/dev/zero of="$work/peer.bin" bs=1M count="$SIZE_MIB" conv=fsync)
  rm -f "$work/peer.bin"
  dd_time=$(add "$dd_time" "$t")
  expected=$(sha256sum "$archive" | cut -d' ' -f1)
  out=$(curl -s -o "$work/answer.json" -w '%{http_code} %{time_total} %{size_upload}' \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/octet-stream' \
    --data-binary @"$archive" "$base/api/v1/app?workspace=http://bench.example/archives")
  read -r code t size <<<"$out"
  [[ "$code" == 200 ]] || { cat "$work/answer.json" >&2; die "upload $i answered $code"; }
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["app_archive_id"])' "$work/answer.json")
  [[ "$id" == "$expected" ]] || die "upload $i: id $id is not the archive's SHA-256 $expected"
  ids+=("$id")
  up_bytes=$((up_bytes + size))
  up_time=$(add "$up_time" "$t")
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --data-binary @"$archive" "$peer/files/app-$i.kploy")
  read -r code t <<<"$out"
  [[ "$code" == 200 ]] || die "upload $i to the Helidon peer answered $code"
  peer_up_time=$(add "$peer_up_time" "$t")
  rm -f "$archive"
done
upload=$(mb_per_s "$up_bytes" "$up_time")
write_between=$(mb_per_s $((COUNT * SIZE_MIB * 1048576)) "$dd_time")
peer_upload=$(mb_per_s "$up_bytes" "$peer_up_time")
write_after=$(peer_write)

# ------------------------------------------------------------------ downloads
blob=$(find "$work/data" -path '*archives/sha256/*' -type f -print -quit)
read_before=""
[[ -n "$blob" ]] && read_before=$(peer_read "$blob")
loop_down=""
[[ -n "$blob" ]] && { loop_down=$("$java" "$root/bench/Loopback.java" send "$blob" "$PEER_ROUNDS") \
  || die "the loopback ceiling (send) failed"; }
down_bytes=0
down_time=0
peer_down_time=0
jweb_down_time=0
i=0
for id in "${ids[@]}"; do
  i=$((i + 1))
  # timed into /dev/null, as the read peer's dd writes: writing 50 MB into a file is not the
  # server's work; then fetched again (not timed) to check the bytes
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' \
    "$base/api/v1/app/$id?workspace=http://bench.example/archives")
  read -r code t size <<<"$out"
  [[ "$code" == 200 ]] || die "download of $id answered $code"
  curl -fs -o "$work/download.bin" "$base/api/v1/app/$id?workspace=http://bench.example/archives" \
    || die "second download of $id failed"
  got=$(sha256sum "$work/download.bin" | cut -d' ' -f1)
  [[ "$got" == "$id" ]] || die "download of $id has SHA-256 $got"
  down_bytes=$((down_bytes + size))
  down_time=$(add "$down_time" "$t")
  # the same bytes from the two Java peers, timed the same way
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$peer/files/app-$i.kploy")
  read -r code t <<<"$out"
  [[ "$code" == 200 ]] || die "download $i from the Helidon peer answered $code"
  peer_down_time=$(add "$peer_down_time" "$t")
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$jweb/app-$i.kploy")
  read -r code t <<<"$out"
  [[ "$code" == 200 ]] || die "download $i from jwebserver answered $code"
  jweb_down_time=$(add "$jweb_down_time" "$t")
done
rm -f "$work/download.bin"
download=$(mb_per_s "$down_bytes" "$down_time")
peer_download=$(mb_per_s "$down_bytes" "$peer_down_time")
jweb_download=$(mb_per_s "$down_bytes" "$jweb_down_time")
read_after=""
[[ -n "$blob" ]] && read_after=$(peer_read "$blob")

# ------------------------------------------------------------------ report
avg() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "") print a; else printf "%.1f", (a + b) / 2 }'; }
write_peer=$write_between
read_peer=$(avg "${read_before:-0}" "${read_after:-}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.2f", a / b }'; }
up_ratio=$(ratio "$upload" "$write_peer")
down_ratio=$(ratio "$download" "$read_peer")
up_peer_ratio=$(ratio "$upload" "$peer_upload")
down_peer_ratio=$(ratio "$download" "$peer_download")
down_jweb_ratio=$(ratio "$download" "$jweb_download")
peer_up_ratio=$(ratio "$peer_upload" "$write_peer")
peer_down_ratio=$(ratio "$peer_download" "$read_peer")
loop_up_ratio=$(ratio "$loop_up" "$write_peer")
loop_down_ratio=$(ratio "${loop_down:-0}" "$read_peer")

echo
printf '%-34s %10s\n' "measure" "MB/s"
printf '%-34s %10s\n' "dd conv=fsync write (before/after)" "$write_before / $write_after"
printf '%-34s %10s\n' "dd conv=fsync, one per upload" "$write_between"
printf '%-34s %10s\n' "POST /api/v1/app" "$upload"
printf '%-34s %10s\n' "Helidon peer POST (write + fsync)" "$peer_upload"
printf '%-34s %10s\n' "dd read of a stored blob (b/a)" "${read_before:-n/a} / ${read_after:-n/a}"
printf '%-34s %10s\n' "GET /api/v1/app/{id}" "$download"
printf '%-34s %10s\n' "Helidon peer GET" "$peer_download"
printf '%-34s %10s\n' "jwebserver GET" "$jweb_download"
printf '%-34s %10s\n' "JDK SHA-256, one core" "$sha256_speed"
printf '%-34s %10s\n' "loopback: raw receive+write+fsync" "$loop_up"
printf '%-34s %10s\n' "loopback: raw sendfile" "${loop_down:-n/a}"
echo
echo "upload   = ${up_ratio}x fsync'd write   (goal >= ${GOAL_RATIO}x)"
echo "download = ${down_ratio}x plain read     (goal >= ${GOAL_RATIO}x)"
echo "upload   = ${up_peer_ratio}x Helidon peer  (the peer: ${peer_up_ratio}x fsync'd write)"
echo "download = ${down_peer_ratio}x Helidon peer, ${down_jweb_ratio}x jwebserver  (the Helidon peer: ${peer_down_ratio}x plain read)"
echo "ceiling  = ${loop_up_ratio}x fsync'd write, ${loop_down_ratio}x plain read: raw loopback, no HTTP, no digest"
echo "upload   = $(ratio "$upload" "$loop_up")x the raw loopback receive; download = $(ratio "$download" "${loop_down:-0}")x raw sendfile"
echo "uptime after: $(uptime)"

met=0
awk -v r="$up_ratio" -v g="$GOAL_RATIO" 'BEGIN { exit !(r + 0 >= g) }' || met=1
awk -v r="$down_ratio" -v g="$GOAL_RATIO" 'BEGIN { exit !(r + 0 >= g) }' || met=1
exit $met
