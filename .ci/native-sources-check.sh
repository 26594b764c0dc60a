#!/usr/bin/env bash
# Blocking native check that needs no GraalVM (docs/native.md): runs the Quarkus native-sources build, which executes
# every native-specific build step (reflection, resources, the generated Feature, Netty's runtime-init rules), together
# with NativeImageRulesTest (no runtime class loading or reflection in src/main; every Jackson-bound type annotated).
# Then it asserts that the generated reflect-config.json of the runner jar registers
#  - every type the sources mark @RegisterForReflection (our JSON DTOs: request, response, problem, upstream bodies);
#  - every class NativeImageRulesTest found that Jackson binds or a framework instantiates from our annotations
#    (@CustomBackoff, @RetryWhen, ...), listed in target/native-image-expectations.txt.
# Both lists come from the compiled classes, so new code is covered without editing this script.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -f target/native-image-expectations.txt
./mvnw -B -q package -Dtest=NativeImageRulesTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true

src=target/native-sources
[ -s "$src/native-image.args" ] || { echo "no $src/native-image.args: the native-sources build produced nothing" >&2; exit 1; }
runner=$(find "$src" -maxdepth 1 -name '*-runner.jar' | head -1)
[ -n "$runner" ] || { echo "no runner jar in $src" >&2; exit 1; }

# Binary names (Outer$Inner) of every class compiled from src/main/java that carries @RegisterForReflection. It is
# runtime-visible, so javap lists it in the class-level (unindented) RuntimeVisibleAnnotations attribute; one javap
# run covers all classes. (Classes registered through @RegisterForReflection(targets = ...) are not listed here.)
mapfile -t classes < <(cd target/classes && find . -name '*.class' | sed 's|^\./||; s|\.class$||' | sort)
mapfile -t expected < <(javap -v -cp target/classes "${classes[@]}" | awk '
  /^Classfile / { cls = ""; ann = 0 }
  /^(public |final |abstract |interface |class |enum |record )*.*(class|interface|enum|record) [A-Za-z0-9_.$]+/ && cls == "" && !/^Classfile/ {
    for (i = 1; i <= NF; i++) if ($i ~ /^(class|interface|enum|record)$/) { cls = $(i + 1); sub(/<.*/, "", cls); break }
  }
  /^RuntimeVisibleAnnotations:/ { ann = 1; next }
  /^[A-Za-z]/ { ann = 0 }
  ann && /^ +io\.quarkus\.runtime\.annotations\.RegisterForReflection/ { print cls }
' | sort -u)
[ "${#expected[@]}" -gt 0 ] || { echo "found no @RegisterForReflection class in target/classes" >&2; exit 1; }

[ -s target/native-image-expectations.txt ] || { echo "NativeImageRulesTest wrote no expectations" >&2; exit 1; }
mapfile -t instantiated < target/native-image-expectations.txt
mapfile -t expected < <(printf '%s\n' "${expected[@]}" "${instantiated[@]}" | sort -u)

registered=$(unzip -p "$runner" META-INF/native-image/reflect-config.json)
missing=0
for c in "${expected[@]}"; do
  if ! grep -Fq "\"name\" : \"$c\"" <<<"$registered" && ! grep -Fq "\"name\":\"$c\"" <<<"$registered"; then
    echo "NOT registered for reflection in the native image: $c" >&2
    missing=$((missing + 1))
  fi
done
total=$(grep -o "\"name\" *: *\"" <<<"$registered" | wc -l)
echo "native-sources: ${#expected[@]} types (@RegisterForReflection, Jackson-bound, framework-instantiated) checked against reflect-config.json ($total entries):"
printf '  %s\n' "${expected[@]}"
[ "$missing" -eq 0 ] || { echo "$missing type(s) missing from reflect-config.json" >&2; exit 1; }
