# Shell functions shared by the benchmarks in bench/ (sourced, not run).

die() {
  echo "error: $*" >&2
  exit 2
}

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

value() { # key line
  sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"
}

# CPU accounting (Linux): jiffies of the whole machine (total, busy) and of the server process,
# so the report can say how much of the machine the server got and how busy the machine was.
cpu_snapshot() { # pid
  if [[ -r /proc/stat && -r "/proc/$1/stat" ]]; then
    local machine proc
    machine=$(awk '/^cpu / { print $2+$3+$4+$5+$6+$7+$8+$9, $2+$3+$4+$7+$8+$9; exit }' /proc/stat)
    proc=$(sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }')
    echo "$machine $proc"
  fi
}

cpu_share() { # before after -> "server% busy% server-CPU-seconds"
  awk -v b="$1" -v a="$2" -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" 'BEGIN {
    n = split(b, x, " "); m = split(a, y, " ");
    if (n < 3 || m < 3 || y[1] <= x[1]) { print "n/a n/a n/a"; exit }
    t = y[1] - x[1]; printf "%.0f%% %.0f%% %.2f\n", 100 * (y[3] - x[3]) / t, 100 * (y[2] - x[2]) / t, (y[3] - x[3]) / hz }'
}

# Checks for wrk and curl, finds a JDK 21+ (sets jdk and java) and builds the server jar ($jar,
# from the repository at $root) if it is missing.
bench_setup() {
  if ! command -v wrk >/dev/null 2>&1; then
    printf '%s\n' "error: wrk is not installed. Install it, then run this script again:" \
      "  Debian/Ubuntu:  sudo apt-get install wrk" \
      "  Fedora:         sudo dnf install wrk" \
      "  macOS:          brew install wrk" >&2
    exit 2
  fi
  command -v curl >/dev/null 2>&1 || die "curl is required"
  jdk=$(find_jdk) || die "no JDK 21 or newer found; set JAVA_HOME to one"
  java="$jdk/bin/java"
  echo "JDK:      $jdk ($("$java" -version 2>&1 | head -1))"
  if [[ ! -f "$jar" ]]; then
    echo "Building the server jar ..."
    (cd "$root" && JAVA_HOME="$jdk" ./mvnw -B -q -DskipTests package) || die "build failed"
  fi
}
