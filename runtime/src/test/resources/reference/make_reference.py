#!/usr/bin/env python3
"""Generates the reference data for the tests of dev.netc.runtime (the package root).

    python3 make_reference.py [--only activations|rows|fixtures|literals]   # writes next to this script

Needs numpy and mpmath (256-bit evaluation of every activation). The "literals" part prints
the values the tests inline (NumPy's random draws for InitializerTest and WeightsTest, the
tutorial's layer outputs for InterpreterTest, the mpmath values of ActivationsTest); it writes
no file. Outputs are deterministic (gzip headers carry no timestamp, the
sample points come from a fixed RandomState), so re-running gives identical bytes.

Generated with numpy 2.4.6, mpmath 1.3.0, glibc 2.36 (x86-64, FMA). The random literals need
Linux/glibc for the reason given in ../math/make_reference.py (NumPy's normals call the C
library's log).

activations.txt.gz
    One point per line: "d|f NAME x hi lo". NAME is an element-wise activation, with its
    argument after a colon where it takes one (elu:1.0, elu:0.5, leaky_relu is exact and not
    listed). 'd' lines are double arguments, 'f' lines float arguments (x, and the argument,
    exactly float32 values). The true value is hi + lo * ulp(hi): hi is the correctly rounded
    double, lo its rounding error in units of Java's Math.ulp(hi), to 5 decimals. Overflow to
    infinity has hi = Infinity and lo = 0. Truths are the mathematical functions of the spec
    (gelu_tanh with the exact sqrt(2/pi) and the decimal 0.044715; selu with the double
    constants alpha and lambda as written in the spec), not the implementation's formulas.

activation_rows.txt
    One row per line: "d|f softmax|log_softmax n x_1 .. x_n hi_1 lo_1 .. hi_n lo_n", same hi/lo
    convention; x may be -Infinity.

two_layer_f8_fortran.npz
    np.savez of the two-layer 4 -> 4 -> 4 network (dense_0, dense_1) in float64: weights in
    Fortran order, biases of shape (1, 4) -- everything Weights.read must accept and convert.
    Values: W0[i, j] = (i - 1.5) / 4 + j / 16 except W0[0, 0] = 0.1 (not a float32),
    b0 = [0.5, -0.25, 0.125, 1e-3], W1 = 2 * W0.T, b1 = (1, 4) of -1.0.

two_layer_int_weights.npz
    The same network with dense_0.weights stored as int64: must be rejected, naming the dtype.
"""
import argparse
import gzip
import io
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def write_bytes(name, data, compress=False):
    path = os.path.join(HERE, name)
    with open(path, "wb") as raw:
        if compress:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                               compresslevel=9) as gz:
                gz.write(data)
        else:
            raw.write(data)
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def jrepr(x):
    """repr that Java's Double.parseDouble reads back."""
    x = float(x)
    if x == float("inf"):
        return "Infinity"
    if x == float("-inf"):
        return "-Infinity"
    return repr(x)


def split(v, mpmath):
    """mpf -> (hi, lo): hi = v rounded to nearest double, lo = (v - hi) / ulp(hi)."""
    if mpmath.isinf(v):
        return float(v), 0.0
    big = mpmath.mpf(2) ** 1024 - mpmath.mpf(2) ** 970  # halfway between max and 2^1024
    if abs(v) >= big:
        return (float("inf") if v > 0 else float("-inf")), 0.0
    # float(v) can be off by one for subnormal results (mpmath rounds to 53 bits first), so
    # pick the nearest of it and its neighbours explicitly; ties go to the even one.
    guess = float(v)
    cands = [float(np.nextafter(guess, -np.inf)), guess, float(np.nextafter(guess, np.inf))]
    cands = [c for c in cands if np.isfinite(c)]
    hi = min(cands, key=lambda c: (abs(mpmath.mpf(c) - v),
                                   np.float64(c).view(np.int64) & 1))
    ulp = float(np.spacing(abs(hi))) if hi != 0 else 5e-324
    return hi, float((v - mpmath.mpf(hi)) / mpmath.mpf(ulp))


# ----------------------------------------------------------------------------- activations

def truths(mp):
    """The mathematical definitions (spec section 2), as functions of an mpf (and an argument)."""
    def sigmoid(x):
        return 1 / (1 + mp.exp(-x))

    def softplus(x):
        return mp.log1p(mp.exp(x))

    def hard_sigmoid(x):
        return min(max(x / 6 + mp.mpf(1) / 2, mp.mpf(0)), mp.mpf(1))

    def gelu_tanh(x):
        # 0.5 x (1 + tanh y) written as x / (1 + e^(-2y)), which mpmath evaluates without
        # cancellation for any y.
        y = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x ** 3)
        return x / (1 + mp.exp(-2 * y))

    def gelu(x):
        # mpmath's erfc fails for |argument| beyond about 1e17. Past |x| = 1e4 the tail is
        # below 2^-(10^7) relative: gelu(x) is x, or an underflowing zero, in every precision.
        if abs(x) > 1e4:
            return x if x > 0 else mp.mpf(0)
        return x / 2 * mp.erfc(-x / mp.sqrt(2))

    return {
        "elu": lambda x, a: x if x > 0 else a * mp.expm1(x),
        "selu": lambda x, a: mp.mpf(SELU_SCALE) * (x if x > 0 else mp.mpf(SELU_ALPHA) * mp.expm1(x)),
        "sigmoid": lambda x, a: sigmoid(x),
        "hard_sigmoid": lambda x, a: hard_sigmoid(x),
        "tanh": lambda x, a: mp.tanh(x),
        "softplus": lambda x, a: softplus(x),
        "softsign": lambda x, a: x / (1 + abs(x)),
        "silu": lambda x, a: x * sigmoid(x),
        "hard_silu": lambda x, a: x * hard_sigmoid(x),
        "gelu": lambda x, a: gelu(x),
        "gelu_tanh": lambda x, a: gelu_tanh(x),
        "mish": lambda x, a: x * mp.tanh(softplus(x)),
        "exponential": lambda x, a: mp.exp(x),
    }


# (name, argument or None)
ELEMENTWISE = [("elu", 1.0), ("elu", 0.5), ("selu", None), ("sigmoid", None),
               ("hard_sigmoid", None), ("tanh", None), ("softplus", None), ("softsign", None),
               ("silu", None), ("hard_silu", None), ("gelu", None), ("gelu_tanh", None),
               ("mish", None), ("exponential", None)]

# The tails the brief names, overflow and underflow edges of exp in both precisions, and the
# kinks of the piecewise functions.
SPECIAL = [0.0, 5e-324, 1e-300, 1e-30, 1e-20, 1e-12, 1e-8, 1e-7, 1e-6, 1e-4, 1e-3, 0.01, 0.1,
           0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 2.9, 2.99, 3.0, 3.01, 3.1, 4.0, 5.0, 5.5, 6.0,
           7.0, 8.0, 9.0, 10.0, 12.0, 13.0, 15.0, 17.0, 20.0, 25.0, 30.0, 36.0, 37.0, 38.0, 40.0,
           50.0, 80.0, 87.0, 88.0, 88.7, 89.0, 100.0, 103.0, 104.0, 110.0, 700.0, 709.0,
           709.78, 710.0, 740.0, 745.0, 746.0, 800.0, 1e4, 1e30, 1e100, 1.7e308]
EDGES = {0.0, 3.0, 6.0, 88.7, 103.0, 709.78, 745.0}


def activation_points(precision, rs):
    cast = (lambda v: float(np.float32(v))) if precision == "f" else float
    xs = set()
    step = np.float32 if precision == "f" else np.float64
    for v in SPECIAL:
        if precision == "f" and v > 3.4e38:
            continue
        for s in (1.0, -1.0):
            w = cast(s * v)
            xs.add(w)
            if v in EDGES:  # both neighbours, to catch an off-by-one branch at a boundary
                xs.add(float(np.nextafter(step(w), step(0))))
                xs.add(float(np.nextafter(step(w), step(2 * w))))
    for i in range(-80, 81):  # linear over [-8, 8], step 0.1
        xs.add(cast(i / 10.0))
    for _ in range(60):  # log-uniform magnitudes 1e-9 .. 1e3, both signs
        v = 10.0 ** rs.uniform(-9.0, 3.0)
        xs.add(cast(v))
        xs.add(cast(-v))
    xs.discard(-0.0)
    return sorted(x for x in xs if not (x == 0 and np.signbit(x)))


def write_activations():
    import mpmath
    mp = mpmath.mp
    mp.prec = 256
    fs = truths(mp)
    out = io.StringIO()
    rs = np.random.RandomState(20240611)
    counts = {}
    for precision in ("d", "f"):
        xs = activation_points(precision, rs)
        for name, arg in ELEMENTWISE:
            a = None
            label = name
            if arg is not None:
                a = float(np.float32(arg)) if precision == "f" else arg
                label = "%s:%r" % (name, arg)
            for x in xs:
                v = fs[name](mp.mpf(x), None if a is None else mp.mpf(a))
                hi, lo = split(mp.mpf(v), mpmath)
                out.write("%s %s %s %s %.5f\n" % (precision, label, jrepr(x), jrepr(hi), lo))
                counts[precision] = counts.get(precision, 0) + 1
    write_bytes("activations.txt.gz", out.getvalue().encode("ascii"), compress=True)
    print("activations: %s points" % counts)


def rows():
    rs = np.random.RandomState(7)
    inf = float("inf")
    fixed = [
        [1e30, -1e30], [-1e30, 1e30, 0.0], [1e30, 1e30], [1e30, 1.0, 2.0], [1.0, 2.0, 3.0],
        [4.8, 1.21, 2.385], [5.0, 5.0, 5.0, 5.0], [0.1, 0.1, 0.1], [42.0], [-1e30],
        [-inf, 0.0, 1.0], [-inf, -1e30], [0.0, -50.0, -100.0, -700.0, -745.0],
        [88.0, 89.0, 90.0], [1000.0, 999.0], [-1000.0, -999.0], [3.4e38, -3.4e38],
        [1.0, 1.0 + 1e-7, 1.0 - 1e-7], [0.0, -20.0], [0.0, -40.0], [0.0, -104.0],
        [20.0, 0.0, -20.0, 1e-30],
    ]
    random_rows = [list(rs.normal(0.0, 10.0, 10)) for _ in range(12)]
    random_rows += [list(rs.normal(0.0, 1.0, 64)) for _ in range(3)]
    return fixed + random_rows


def write_rows():
    import mpmath
    mp = mpmath.mp
    mp.prec = 256
    out = io.StringIO()
    for precision in ("d", "f"):
        for row in rows():
            xs = [float(np.float32(v)) if precision == "f" else float(v) for v in row]
            mx = [mp.mpf(v) for v in xs]
            m = max(mx)
            s = mp.fsum(mp.exp(v - m) for v in mx)
            for name in ("softmax", "log_softmax"):
                if name == "softmax":
                    ys = [mp.exp(v - m) / s for v in mx]
                else:
                    ys = [(v - m) - mp.log(s) for v in mx]
                parts = [precision, name, str(len(xs))] + [jrepr(v) for v in xs]
                for y in ys:
                    hi, lo = split(y, mpmath)
                    parts += [jrepr(hi), "%.5f" % lo]
                out.write(" ".join(parts) + "\n")
    write_bytes("activation_rows.txt", out.getvalue().encode("ascii"))


# ----------------------------------------------------------------------------- fixtures

def fixture_weights():
    w0 = np.array([[(i - 1.5) / 4 + j / 16 for j in range(4)] for i in range(4)])
    w0[0, 0] = 0.1  # not a float32: must come back as float32(0.1) in a float network
    b0 = np.array([[0.5, -0.25, 0.125, 1e-3]])
    w1 = w0.T * 2
    b1 = np.full((1, 4), -1.0)
    return w0, b0, w1, b1


def write_fixtures():
    w0, b0, w1, b1 = fixture_weights()
    buf = io.BytesIO()
    np.savez(buf, **{"dense_0.weights": np.asfortranarray(w0), "dense_0.biases": b0,
                     "dense_1.weights": np.asfortranarray(w1), "dense_1.biases": b1})
    write_bytes("two_layer_f8_fortran.npz", buf.getvalue())
    buf = io.BytesIO()
    np.savez(buf, **{"dense_0.weights": np.arange(16, dtype=np.int64).reshape(4, 4),
                     "dense_0.biases": b0[0], "dense_1.weights": w1, "dense_1.biases": b1[0]})
    write_bytes("two_layer_int_weights.npz", buf.getvalue())


# ----------------------------------------------------------------------------- literals

def java(values, suffix=""):
    return "{" + ", ".join(jrepr(v) + suffix for v in np.ravel(values)) + "}"


def java_float(values):
    return "{" + ", ".join(repr(float(v)) + "f" for v in np.ravel(np.asarray(values, np.float32))) + "}"


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def print_literals():
    print("// np.random.seed(0); 0.1 * np.random.randn(3, 3)")
    np.random.seed(0)
    w = 0.1 * np.random.randn(3, 3)
    print(java(w))
    print("// np.random.seed(0); np.random.normal(1.0, 0.1, 6)")
    np.random.seed(0)
    print(java(np.random.normal(1.0, 0.1, 6)))
    print("// np.random.seed(0); np.random.uniform(-0.5, 2.0, 6)")
    np.random.seed(0)
    print(java(np.random.uniform(-0.5, 2.0, 6)))

    for seed in (0, 42):
        np.random.seed(seed)
        w1 = 0.1 * np.random.randn(4, 4)
        w2 = 0.1 * np.random.randn(4, 4)
        print("// seed %d: W1 = 0.1 * randn(4, 4), then W2 = 0.1 * randn(4, 4)" % seed)
        print(java(w1))
        print(java(w2))

    print("// dense 3 -> 3, seed 0: X @ W in float32, X = [[1,2,3],[4,5,6]]")
    X = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32)
    print(java_float(X @ w.astype(np.float32)))

    print("// two-layer relu/softmax, seed 0, per layer: z1, relu(z1), z2, softmax(z2)")
    X = np.array([[1, 2, 3, 2.5], [2, 5, -1, 2], [-1.5, 2.7, 3.3, -0.8]])
    np.random.seed(0)
    w1 = 0.1 * np.random.randn(4, 4)
    w2 = 0.1 * np.random.randn(4, 4)
    for dtype in (np.float32, np.float64):
        x, a, b = X.astype(dtype), w1.astype(dtype), w2.astype(dtype)
        z1 = x @ a
        r1 = np.maximum(0, z1)
        z2 = r1 @ b
        s2 = softmax(z2)
        print("// %s" % np.dtype(dtype).name)
        for v in (z1, r1, z2, s2):
            print(java_float(v) if dtype == np.float32 else java(v))

    print("// bias=false then bias_init=uniform(-1, 1), seed 0: W1 = 0.1 randn(3,3),"
          " W2 = 0.1 randn(3,2), b2 = uniform(-1, 1, 2); X @ W1 @ W2 + b2 in float64")
    np.random.seed(0)
    w1 = 0.1 * np.random.randn(3, 3)
    w2 = 0.1 * np.random.randn(3, 2)
    b2 = np.random.uniform(-1, 1, 2)
    print(java(w1)); print(java(w2)); print(java(b2))
    X = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float64)
    print(java(X @ w1 @ w2 + b2))


def print_special_values():
    """The correctly rounded values ActivationsTest names, in double and rounded to float32."""
    import mpmath
    mp = mpmath.mp
    mp.prec = 256
    f = truths(mp)
    x32 = lambda v: mp.mpf(float(np.float32(v)))
    cases = [
        ("sigmoid(-50)", f["sigmoid"](mp.mpf(-50), None)),
        ("softplus(-50)", f["softplus"](mp.mpf(-50), None)),
        ("softplus(0) = ln 2", f["softplus"](mp.mpf(0), None)),
        ("silu(-50)", f["silu"](mp.mpf(-50), None)),
        ("gelu(1)", f["gelu"](mp.mpf(1), None)),
        ("gelu(-10)", f["gelu"](mp.mpf(-10), None)),
        ("gelu_tanh(1)", f["gelu_tanh"](mp.mpf(1), None)),
        ("mish(1)", f["mish"](mp.mpf(1), None)),
        ("elu(-1, 0.5)", f["elu"](mp.mpf(-1), mp.mpf(0.5))),
        ("elu(-1, 1)", f["elu"](mp.mpf(-1), mp.mpf(1))),
        ("elu(-1e-10, 1)", f["elu"](mp.mpf(-1e-10), mp.mpf(1))),
        ("elu(-1e-7f, 1)", f["elu"](x32(-1e-7), mp.mpf(1))),
        ("selu(-1e-20)", f["selu"](mp.mpf(-1e-20), None)),
        ("selu(-1e-20f)", f["selu"](x32(-1e-20), None)),
        ("selu(-inf) = -lambda alpha", -mp.mpf(SELU_SCALE) * mp.mpf(SELU_ALPHA)),
        ("exp(709.78)", mp.exp(mp.mpf(709.78))),
        ("exp(88.7f)", mp.exp(x32(88.7))),
        ("softmax(1000, 999)", mp.e / (1 + mp.e)),
        ("log_softmax(1000, 999)[0]", -mp.log1p(mp.exp(-1))),
        ("log_softmax(1000, 999)[1]", -1 - mp.log1p(mp.exp(-1))),
    ]
    for label, v in cases:
        with np.errstate(over="ignore"):  # exp(709.78) has no float32 value
                print("// %-28s %r  (float32 %r)" % (label, float(v), float(np.float32(float(v)))))
    row = [mp.mpf(v) for v in (4.8, 1.21, 2.385)]
    s = mp.fsum(mp.exp(v - max(row)) for v in row)
    print("// softmax(4.8, 1.21, 2.385)", java([float(mp.exp(v - max(row)) / s) for v in row]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["activations", "rows", "fixtures", "literals"])
    only = parser.parse_args().only
    if only in (None, "activations"):
        write_activations()
    if only in (None, "rows"):
        write_rows()
    if only in (None, "fixtures"):
        write_fixtures()
    if only in (None, "literals"):
        print_literals()
        print_special_values()


if __name__ == "__main__":
    main()
