#!/usr/bin/env bash
# Reproduces the benchmark table of the README in one run on one thread: the tutorial's NumPy code
# before and after the JMH suite (generated classes, interpreter, plain Java loops, EJML) with the
# allocation profiler. Extra arguments go to JMH, e.g. a benchmark filter or "-f 3"; JAVA picks the
# JVM that runs the suite (default: java on the PATH).
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
numpy_baseline "$out/numpy-before.json"
"${JAVA:-java}" -jar "$out/benchmarks.jar" -prof gc -rf json -rff "$out/jmh.json" "$@"
numpy_baseline "$out/numpy-after.json"
python3 benchmarks/report.py "$out/jmh.json" "$out/numpy-before.json" "$out/numpy-after.json" | tee "$out/report.md"
