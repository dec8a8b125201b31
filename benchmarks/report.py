"""Turns JMH JSON results (run with -prof gc) and numpy_baseline.py's outputs into the README's tables.

Usage: python3 benchmarks/report.py jmh.json [jmh-other-jvm.json ...] numpy.json [numpy.json ...]
A JSON list is a JMH result, an object NumPy's. The first JMH result makes the main tables; every JMH
result's FloatNetworks.netc also goes into the table of JVM set-ups (JDK and whether the Vector API's
module was on, read from the result itself). With several NumPy outputs (run.sh times NumPy before and
after the suite) each shape takes the fastest.
"""
import json
import sys

FLOPS = {  # 2 per weight per sample
    "TINY": 2 * (4 * 4 + 4 * 4),
    "MNIST": 2 * (784 * 128 + 128 * 10),
    "DEEP": 2 * (784 * 512 + 512 * 512 + 512 * 10),
}
NAMES = {"TINY": "4→4→4", "MNIST": "784→128→10", "DEEP": "784→512→512→10"}


def fmt_time(ns):
    if ns < 1e3:
        return f"{ns:.0f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns / 1e6:.2f} ms"


def main():
    results = [json.load(open(path)) for path in sys.argv[1:]]
    runs = [r for r in results if isinstance(r, list)]
    numpy = {}
    for measured in results:
        if isinstance(measured, dict):
            for shape, ns in measured.items():
                numpy[shape] = min(ns, numpy.get(shape, ns))
    jmh = runs[0] if runs else []
    rows = {}
    sparse = {}
    kernels = []
    training = []
    for b in jmh:
        cls, method = b["benchmark"].split(".")[-2:]
        if cls == "MatrixKernelsBench":
            kernels.append(b)
            continue
        if cls == "TrainingSteps":
            training.append(b)
            continue
        shape = b["params"]["shape"]
        if cls == "SparseInputs":
            sparse[(shape, b["params"]["input"])] = b["primaryMetric"]["score"]
            continue
        key = (cls, shape)
        alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", b.get("secondaryMetrics", {}).get("·gc.alloc.rate.norm", {})).get("score")
        rows.setdefault(key, {})[method] = (b["primaryMetric"]["score"], alloc)
    if rows:
        print_main(rows, numpy)
    if sparse:
        print_sparse(sparse, numpy)
    if kernels:
        print_kernels(kernels)
    if training:
        print_training(training, numpy)
    setups = {}
    for run in runs:
        for b in run:
            if b["benchmark"].endswith("FloatNetworks.netc"):
                setups.setdefault(setup(b), {})[b["params"]["shape"]] = b["primaryMetric"]["score"]
    if len(setups) > 1:
        print_setups(setups, numpy)


def setup(benchmark):
    """The JVM a result ran on: its JDK's major version and whether the Vector API's module was on."""
    major = benchmark["jdkVersion"].split(".")[0]
    module = any("jdk.incubator.vector" in arg for arg in benchmark.get("jvmArgs", []))
    return (major, module)


def print_setups(setups, numpy):
    """The generated class's predict on each JVM set-up side by side, each against NumPy."""
    order = sorted(setups, key=lambda s: (s[1], int(s[0])))
    print()
    header = ["network", "batch", "NumPy"]
    for major, module in order:
        header += [f"JDK {major}{' + Vector API' if module else ', plain Java'}", "vs NumPy"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    shapes = sorted({shape for results in setups.values() for shape in results},
                    key=lambda s: (list(FLOPS).index(s.split("_")[0]), int(s.split("_")[1])))
    for shape in shapes:
        net, batch = shape.split("_")
        np_ns = numpy.get(shape)
        cells = [NAMES[net], batch, "-" if np_ns is None else fmt_time(np_ns)]
        for key in order:
            ns = setups[key].get(shape)
            cells.append("-" if ns is None else fmt_time(ns))
            cells.append("-" if ns is None or np_ns is None else fmt_ratio(np_ns / ns))
        print("| " + " | ".join(cells) + " |")


def print_training(training, numpy):
    """One full-batch Adam step of a generated trainer against the book's NumPy loop."""
    names = {"SPIRAL_300": ("2→64→3", 300), "MNIST_64": ("784→128→10", 64)}
    print()
    print("| network | rows | netc step | alloc B/op | NumPy step | netc vs NumPy |")
    print("|---|---|---|---|---|---|")
    for b in training:
        shape = b["params"]["shape"]
        unit = b["primaryMetric"]["scoreUnit"]
        ns = b["primaryMetric"]["score"] * {"us/op": 1e3, "ns/op": 1, "ms/op": 1e6}[unit]
        alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        np_ns = numpy.get("TRAIN_" + shape)
        name, rows = names[shape]
        print(f"| {name} | {rows} | {fmt_time(ns)} | {'-' if alloc is None else f'{alloc:.0f}'} "
              f"| {'-' if np_ns is None else fmt_time(np_ns)} | {'-' if np_ns is None else f'{np_ns / ns:.1f}×'} |")


def print_main(rows, numpy):
    """The README's table: every implementation side by side, per network, batch and precision."""
    methods = ["netc", "netcAllocationFree", "netcParallel", "interpreter", "plainJavaLoops", "ejml", "onnxRuntime"]
    print("| network | batch | precision | netc | GFLOP/s | alloc B/op | allocation-free | 2 cores "
          "| interpreter | plain Java loops | EJML | ONNX Runtime | NumPy | netc vs NumPy |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (cls, shape), results in sorted(rows.items(), key=lambda kv: (kv[0][0] != "FloatNetworks", list(FLOPS).index(kv[0][1].split("_")[0]), int(kv[0][1].split("_")[1]))):
        net, batch = shape.split("_")
        batch = int(batch)
        flops = FLOPS[net] * batch
        netc_ns, netc_alloc = results.get("netc", (None, None))
        cells = [NAMES[net], str(batch), "double" if cls == "DoubleNetworks" else "float"]
        # A JMH filter may leave out the netc benchmark itself: its cells stay empty.
        cells.append("-" if netc_ns is None else fmt_time(netc_ns))
        cells.append("-" if netc_ns is None else f"{flops / netc_ns:.1f}")
        cells.append("-" if netc_alloc is None else f"{netc_alloc:.0f}")
        for m in methods[1:]:
            ns, alloc = results.get(m, (None, None))
            text = "-" if ns is None else fmt_time(ns)
            if m == "netcAllocationFree" and alloc is not None:
                text += f" ({alloc:.0f} B)"
            cells.append(text)
        np_ns = numpy.get(shape) if cls == "FloatNetworks" else None
        cells.append("-" if np_ns is None else fmt_time(np_ns))
        cells.append("-" if np_ns is None or netc_ns is None else fmt_ratio(np_ns / netc_ns))
        print("| " + " | ".join(cells) + " |")


def fmt_ratio(ratio):
    """Two significant digits below 10, so that 0.55× does not print as 0.6×."""
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.1f}×"


def print_sparse(sparse, numpy):
    """The second table: random inputs against digit-like images with blank borders."""
    print()
    print("| network | batch | netc, random inputs | netc, digit-like images | NumPy, random inputs |")
    print("|---|---|---|---|---|")
    for shape in sorted({s for s, _ in sparse}, key=lambda s: (list(FLOPS).index(s.split("_")[0]), int(s.split("_")[1]))):
        net, batch = shape.split("_")
        times = [sparse.get((shape, "random")), sparse.get((shape, "digit")), numpy.get(shape)]
        cells = [NAMES[net], batch] + ["-" if ns is None else fmt_time(ns) for ns in times]
        print("| " + " | ".join(cells) + " |")


def print_kernels(results):
    """MatrixKernels' products in GFLOP/s (2·m·k·n per call), plain Java against the Vector API, by wall
    time and by the thread's CPU time."""
    table = {}
    for b in results:
        p = b["params"]
        m, k, n = (int(x) for x in p["dims"].split("x"))
        flops = 2 * m * k * n
        aux = b.get("secondaryMetrics", {})
        cpu = None
        if "cpuNanos" in aux and "calls" in aux and aux["cpuNanos"]["score"] > 0:
            cpu = flops * aux["calls"]["score"] / aux["cpuNanos"]["score"]
        table.setdefault((p["precision"], m, k, n, p["product"]), {})[p["kernels"]] = (flops / b["primaryMetric"]["score"], cpu)
    print()
    print("| precision | m×k×n | product | plain Java | Vector API | ratio | plain Java, CPU time | Vector API, CPU time | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    order = {"multiply": 0, "transposedA": 1, "transposedB": 2}
    for (precision, m, k, n, product), g in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1] * kv[0][2] * kv[0][3], kv[0][1:4], order[kv[0][4]])):
        cells = [precision, f"{m}×{k}×{n}", product]
        for i in (0, 1):
            plain = g.get("plain", (None, None))[i]
            vector = g.get("vector", (None, None))[i]
            cells += ["-" if plain is None else f"{plain:.1f}", "-" if vector is None else f"{vector:.1f}",
                      "-" if plain is None or vector is None else f"{vector / plain:.1f}×"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
