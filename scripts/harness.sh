# Sourced by the measurement scripts (bench/run.sh, scripts/drain.sh) from the repository root: what they all need
# before they start anything. Defines CP (the test class path, for the lean Airbyte stand-in), the pids array, and a
# trap that stops every process in it on exit.
#
#   harness_prepare OUT TOOL...   installs the missing TOOLs (Debian), packages the application unless SKIP_BUILD=1
#                                 and a jar exists (a stale jar would measure old code) or RUNNER names a native
#                                 executable (built elsewhere: ./mvnw package -Dnative), caches the dependency list
#                                 in OUT/classpath
#   harness_ready URL PID T0_US   waits for the first 200 from URL and prints the milliseconds since T0_US
#                                 (${EPOCHREALTIME/./}, taken right before the launch); fails if PID exits first

# Exported as container runtimes and Kubernetes do: the gateway's first log record reads it for its host name, and asks
# the resolver when it is missing (docs/native.md, "Startup"). A shell keeps it unexported.
export HOSTNAME="${HOSTNAME:-$(hostname)}"

harness_prepare() {
  local out=$1
  shift
  local need=()
  for tool in "$@"; do command -v "$tool" > /dev/null || need+=("$tool"); done
  if (( ${#need[@]} )); then
    echo "installing ${need[*]}"
    local sudo
    sudo=$([[ $(id -u) == 0 ]] || echo sudo)
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" > /dev/null
  fi
  if [[ -z ${RUNNER:-} && (${SKIP_BUILD:-0} != 1 || ! -f target/quarkus-app/quarkus-run.jar) ]]; then
    ./mvnw -B -q package -DskipTests
  fi
  if [[ ! -f "$out/classpath" || pom.xml -nt "$out/classpath" ]]; then
    ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$out/classpath" -Dmdep.includeScope=test
  fi
  [[ -f target/test-classes/io/embedded/gateway/tools/StandInMain.class ]] || ./mvnw -B -q test-compile
  CP="target/test-classes:target/classes:$(cat "$out/classpath")"
}

# A poll every 5 ms from one Python process: curl and sleep in a shell loop cost a fork and an exec per poll, which is
# both too coarse for a native executable ready in a fraction of a second and CPU taken from the process starting.
# The interpreter's own start only delays the first poll; if that first poll already gets 200, the figure is an upper
# bound and a warning says so.
harness_ready() {
  python3 - "$@" << 'PY'
import http.client, sys, time
from urllib.parse import urlsplit

url, pid, t0_us = urlsplit(sys.argv[1]), sys.argv[2], int(sys.argv[3])
deadline = time.monotonic() + 300
first = True
while time.monotonic() < deadline:
    status = None
    try:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=2)
        connection.request("GET", url.path)
        status = connection.getresponse().status
        connection.close()
    except (OSError, http.client.HTTPException):
        pass
    if status == 200:
        print(round((time.time_ns() // 1000 - t0_us) / 1000))
        if first:
            print("warning: ready at the first poll; exec to ready is an upper bound", file=sys.stderr)
        sys.exit(0)
    first = False
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                sys.exit(1)
    except FileNotFoundError:
        sys.exit(1)
    time.sleep(0.005)
sys.exit(1)
PY
}

pids=()
harness_cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap harness_cleanup EXIT
