#!/usr/bin/env bash
# Reproduces the benchmark tables of the README in one run on one thread: the tutorial's NumPy code
# before and after the JMH suite (generated classes, interpreter, plain Java loops, EJML) with the
# allocation profiler, the suite's JVMs started with the Vector API's module as the README recommends;
# then the generated class's predict again on plain Java (no module) and on JDK 25 with the module, for
# the table of JVM set-ups. Extra arguments go to every JMH run, e.g. "-f 3"; SUITE narrows the suite to
# a JMH filter (e.g. SUITE='FloatNetworks|TrainingSteps'); JAVA picks the JVM of the suite (default: java
# on the PATH), JAVA25 the JDK 25 one (default: Temurin 25 in /usr/lib/jvm; that column is left out if it
# is missing).
# Needs python3 with numpy for the NumPy column; without it that column stays empty.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests -Dinvoker.skip=true -pl benchmarks -am
out=benchmarks/target
# NumPy runs before and after the suite, and the table takes its faster time of the two: a slow
# spell of this shared machine during one of them does not flatter netc's ratio.
# The fastest NumPy this machine runs: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, when set, pin an older
# OpenBLAS kernel (about half speed), and without MALLOC_MMAP_THRESHOLD_ each large temporary is a
# fresh mapping that page-faults.
numpy_baseline() {
  if python3 -c "import numpy" 2>/dev/null; then
    for script in numpy_baseline numpy_training; do
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_MMAP_THRESHOLD_=268435456 \
        OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 python3 "benchmarks/$script.py"
    done | python3 -c 'import json, sys; merged = {}; [merged.update(json.loads(l)) for l in sys.stdin if l.strip()]; print(json.dumps(merged))' > "$1"
  else
    echo '{}' > "$1"
  fi
}
java="${JAVA:-java}"
java25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
numpy_baseline "$out/numpy-before.json"
"$java" -jar "$out/benchmarks.jar" ${SUITE:+"$SUITE"} -prof gc -rf json -rff "$out/jmh.json" "$@"
# Command-line JVM arguments replace the benchmarks' own: these forks run without the module.
"$java" -jar "$out/benchmarks.jar" 'FloatNetworks.netc$' -jvmArgsAppend "-Xms1g -Xmx1g" \
  -rf json -rff "$out/jmh-plain.json" "$@"
results=("$out/jmh.json" "$out/jmh-plain.json")
if [ -x "$java25" ]; then
  "$java" -jar "$out/benchmarks.jar" 'FloatNetworks.netc$' -jvm "$java25" \
    -rf json -rff "$out/jmh-jdk25.json" "$@"
  results+=("$out/jmh-jdk25.json")
fi
numpy_baseline "$out/numpy-after.json"
python3 benchmarks/report.py "${results[@]}" "$out/numpy-before.json" "$out/numpy-after.json" | tee "$out/report.md"
