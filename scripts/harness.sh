# Sourced by the measurement scripts (bench/run.sh, scripts/drain.sh) from the repository root: what they all need
# before they start anything. Defines CP (the test class path, for the lean Airbyte stand-in), the pids array, and a
# trap that stops every process in it on exit.
#
#   harness_prepare OUT TOOL...   installs the missing TOOLs (Debian), packages the application unless SKIP_BUILD=1
#                                 and a jar exists (a stale jar would measure old code), caches the dependency list
#                                 in OUT/classpath

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
  if [[ ${SKIP_BUILD:-0} != 1 || ! -f target/quarkus-app/quarkus-run.jar ]]; then
    ./mvnw -B -q package -DskipTests
  fi
  if [[ ! -f "$out/classpath" || pom.xml -nt "$out/classpath" ]]; then
    ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$out/classpath" -Dmdep.includeScope=test
  fi
  [[ -f target/test-classes/io/embedded/gateway/tools/LeanStandInMain.class ]] || ./mvnw -B -q test-compile
  CP="target/test-classes:target/classes:$(cat "$out/classpath")"
}

pids=()
harness_cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap harness_cleanup EXIT
