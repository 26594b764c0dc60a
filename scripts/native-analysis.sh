#!/usr/bin/env bash
# Blocking check in .ci/run (docs/native.md): runs GraalVM's points-to analysis of the application (the first half of
# a native-image build) on this Docker-less machine, from the builder jars on Maven Central, on Temurin 25. It catches
# what the native-sources check cannot: classes missing at image build time, failing build-time initialization and
# unsupported features. It cannot link an executable (no JDK static libraries here). Red is almost certainly a real
# native problem; green is strong but not final evidence: the Mandrel pipeline (.github/workflows/ci.yml) decides.
# Cost: about 4 minutes and 5-8 GB of memory on 2 cores. Needs gcc and python3 (installed by .ci/run when missing).
# Usage: scripts/native-analysis.sh   (env: SVM_VERSION=25.0.2, JDK25=/usr/lib/jvm/temurin-25-jdk-amd64, BUILDER_XMX=8g,
#        SKIP_BUILD=1 to analyse the target/native-sources that .ci/native-sources-check.sh just built)
set -euo pipefail
cd "$(dirname "$0")/.."
kit=scripts/native-analysis
SVM_VERSION=${SVM_VERSION:-25.0.2}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
BUILDER_XMX=${BUILDER_XMX:-8g}
work=${NATIVE_ANALYSIS_WORK:-target/native-analysis}
[ -x "$JDK25/bin/java" ] || { echo "needs a JDK 25 with JVMCI at $JDK25" >&2; exit 1; }
command -v gcc >/dev/null && command -v python3 >/dev/null || { echo "needs gcc and python3" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)

echo "1/5 builder jars org.graalvm.nativeimage:svm:$SVM_VERSION"
./mvnw -B -q -f "$kit/pom.xml" -Dsvm.version="$SVM_VERSION" dependency:copy-dependencies -DoutputDirectory="$work/lib"
compiler=$(ls "$work"/lib/compiler-*.jar)
modulepath=$(ls "$work"/lib/*.jar | grep -v "/compiler-" | tr '\n' ':')

echo "2/5 private JDK copy with the progress-reporter stub"
cp -a "$JDK25" "$work/jdk" && mkdir -p "$work/jdk/lib/svm/builder/lib"
gcc -shared -fPIC -O2 -I"$work/jdk/include" -I"$work/jdk/include/linux" \
  -o "$work/jdk/lib/svm/builder/lib/libreporterchelper.so" "$kit/reporterchelper.c"
T=org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.base,jdk.graal.compiler,org.graalvm.truffle.compiler,org.graalvm.nativeimage.configure
for m in java.base jdk.internal.vm.ci jdk.jfr java.management jdk.management java.desktop java.xml jdk.unsupported java.logging java.naming jdk.internal.jvmstat jdk.net; do
  "$work/jdk/bin/java" --describe-module $m | awk -v m=$m -v t=$T '$1=="contains"||($1=="qualified"&&$2=="exports"){p=($1=="contains")?$2:$3; print "--add-exports=" m "/" p "=" t}'
done >"$work/exports.args"

echo "3/5 stand-in C headers for the builder's query step"
"$work/jdk/bin/java" -cp "$(ls "$work"/lib/*.jar | tr '\n' ':')" "$kit/HGen.java" "$work/lib/svm-$SVM_VERSION.jar" \
  com.oracle.svm.core.amd64.AMD64LibCHelperDirectives com.oracle.svm.core.aarch64.AArch64LibCHelperDirectives \
  com.oracle.svm.core.riscv64.RISCV64LibCHelperDirectives com.oracle.svm.core.c.locale.LocaleDirectives >"$work/elems.txt"
python3 "$kit/make-headers.py" "$work/elems.txt" "$work/clib/include"
cp "$work/jdk/include/jni.h" "$work/jdk/include/linux/jni_md.h" "$work/clib/include/"

echo "4/5 Quarkus native sources"
if [[ "${SKIP_BUILD:-0}" != 1 || ! -s target/native-sources/native-image.args ]]; then
  ./mvnw -B -q package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true
fi
# Absolute path: the builder runs inside target/native-sources, and the class path must resolve from there.
python3 "$kit/translate-args.py" "$PWD/target/native-sources" "$work/builder.args" "$work/jvm.opts"

echo "5/5 points-to analysis (-H:+ReturnAfterAnalysis); log: $work/analysis.log"
mapfile -t args <"$work/builder.args"
read -r -a jvmopts <"$work/jvm.opts"
start=$(date +%s)
set +e
timer=()
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -v); fi # GNU time (Debian package "time") reports peak RSS
(cd target/native-sources && "${timer[@]}" "$work/jdk/bin/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
  -XX:-UseJVMCICompiler @"$work/exports.args" -Dtruffle.TrustAllTruffleRuntimeProviders=true \
  -Dgraalvm.ForcePolyglotInvalid=true -Dgraalvm.locatorDisabled=true -Dsubstratevm.HostLibC=glibc -Xss10m \
  -XX:+UseParallelGC -Xmx"$BUILDER_XMX" -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
  -Dorg.graalvm.nativeimage.imagecode=buildtime -Dorg.graalvm.version="$SVM_VERSION" \
  "-Dorg.graalvm.vendorversion=GraalVM CE $SVM_VERSION" -Dcom.oracle.graalvm.isaot=true \
  -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader -Xshare:off \
  -Djdk.internal.lambda.disableEagerInitialization=true -Djdk.internal.lambda.eagerlyInitialize=false \
  -Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false \
  -Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1 -Djava.lang.invoke.MethodHandle.PROFILE_GWT=false \
  --add-modules=ALL-DEFAULT \
  --enable-native-access=org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.base \
  --upgrade-module-path "$compiler" --module-path "$modulepath" "${jvmopts[@]}" \
  --module org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
  "${args[@]}" -H:Path="$work/out" -H:CLibraryPath="$work/clib" -H:+ReturnAfterAnalysis) >"$work/analysis.log" 2>&1
rc=$?
set -e
grep -E 'reachable|registered for|Finished generating|Error:|Maximum resident' "$work/analysis.log" | grep -v 'Command being timed' | sed 's/^[[:space:]]*//' | head -20
echo "analysis: exit $rc after $(( $(date +%s) - start ))s"
exit $rc
