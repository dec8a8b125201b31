#!/usr/bin/env python3
"""Generates the reference data for the tests of dev.netc.runtime.math.

    python3 make_reference.py [--only erf|random|log]   # writes next to this script

Needs numpy; the erf part also needs mpmath (200-bit erf/erfc; scipy, if present, is
only compared against it for information). The random and log parts must run on Linux
with glibc >= 2.28 on x86-64 with FMA or on AArch64: NumPy's normals call the C
library's log, and GlibcLog reproduces exactly that log. The outputs are deterministic
(gzip headers carry no timestamp), so re-running gives identical bytes.

Generated with numpy 2.4.6, mpmath 1.3.0, glibc 2.36 (x86-64, FMA); the random file is
byte-identical when generated with numpy 1.24.2.

erf_reference.txt.gz
    One point per line: "d|f x erf_hi erf_lo erfc_hi erfc_lo".
    'd' lines are double arguments, 'f' lines are float arguments (x exactly a float32).
    erf(x) = erf_hi + erf_lo * ulp(erf_hi): erf_hi is the correctly rounded double and
    erf_lo its rounding error in units of Java's Math.ulp(erf_hi) (numpy.spacing), to
    5 decimals, which also works for subnormal results. Same for erfc ("- -" on float
    lines, which carry erf only).

numpy_random_reference.txt
    Sections, each starting with a header line
        "# seed=<java long> stream=<name> n=<count> sha256=<hex> show=<k>"
    followed by k lines "<index> <value>": the first 20 values and every 5000th, for
    readable failures. The SHA-256 covers all <count> values, each as big-endian
    IEEE-754 float64 (uint32: big-endian 4-byte unsigned). Every section starts from a
    fresh np.random.seed(...). Streams:
        uint32          np.random.mtrand._rand._bit_generator.random_raw()
        random_sample   np.random.random_sample()
        randn           np.random.randn()
        uniform         np.random.uniform(-3.25, 7.5)
        mixed           scalar calls cycling through MIXED_CYCLE below (randn,
                        random_sample, uniform(-1, 2)); exercises the cached normal.
    A Java long seed outside [0, 2**32-1] maps to
    np.random.seed(np.array([low, high], dtype=np.uint32)) (two's complement words).
    Also printed: np.random.seed(0); 0.1 * np.random.randn(3, 3), inlined in the test.

log_reference.txt
    "<x> <math.log(x)>" per line (Python repr): glibc's log on arguments that cover
    GlibcLog's paths (table, near 1, subnormal, extremes).
"""
import argparse
import gzip
import hashlib
import io
import math
import os
import platform

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write_text(name, text, compress=False):
    path = os.path.join(HERE, name)
    with open(path, "wb") as raw:
        if compress:
            # mtime=0 and no file name: byte-identical output on every run.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                               compresslevel=9) as gz:
                gz.write(text.encode("ascii"))
        else:
            raw.write(text.encode("ascii"))
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


# ----------------------------------------------------------------------------- erf

def split(v, mpmath):
    """mpf -> (hi, lo): hi = v rounded to nearest double, lo = (v - hi) / ulp(hi)."""
    # float(v) can be off by one for subnormal results (mpmath rounds to 53 bits first),
    # so pick the nearest of it and its neighbours explicitly; ties go to the even one.
    guess = float(v)
    cands = [float(np.nextafter(guess, -np.inf)), guess, float(np.nextafter(guess, np.inf))]
    hi = min(cands, key=lambda c: (abs(mpmath.mpf(c) - v),
                                   np.float64(c).view(np.int64) & 1))
    ulp = float(np.spacing(abs(hi))) if hi != 0 else 5e-324
    return hi, float((v - mpmath.mpf(hi)) / mpmath.mpf(ulp))


def erf_points_double():
    xs = set()
    for i in range(-700, 701):  # linear over [-7, 7], step 0.01
        xs.add(i / 100.0)
    # Logarithmic in |x| from the smallest subnormal up to 7, both signs.
    for e in np.linspace(np.log10(5e-324), np.log10(7.0), 400):
        v = float(10.0 ** e)
        if v > 0:
            xs.add(v)
            xs.add(-v)
    rs = np.random.RandomState(20240601)  # fixed pseudo-random points
    for v in rs.uniform(-7.0, 7.0, 400):
        xs.add(float(v))
    # Branch boundaries of the fdlibm algorithm and their neighbours, both signs.
    edges = [2.0 ** -1022, 2.0 ** -56, 2.0 ** -28, 0.25, 0.84375, 1.0, 1.25, 1 / 0.35,
             float.fromhex("0x1.6db6e00000000p+1"), float.fromhex("0x1.6db6d00000000p+1"),
             5.9, 5.99, 6.0, 6.5, 7.0, 5e-324, 1e-310, 1e-300, 1e-200, 1e-20, 1e-9]
    for v in edges:
        for w in (np.nextafter(v, 0.0), v, np.nextafter(v, np.inf)):
            if float(w) > 0:
                xs.add(float(w))
                xs.add(-float(w))
    # erfc's tail up to where it underflows to 0 (erf is exactly +-1 there).
    tail = {7.0 + i * 0.15 for i in range(0, 142)}  # 7 .. 28.15
    tail |= {26.0, 26.5, 26.55, 27.0, 27.2, 27.3, 28.0}
    return sorted(xs), sorted(tail - xs)


def erf_points_float():
    xs = set()
    for i in range(-700, 701):  # linear, step 0.01
        xs.add(float(np.float32(i / 100.0)))
    for e in np.linspace(np.log10(1.4e-45), np.log10(7.0), 200):
        v = float(np.float32(10.0 ** e))
        if v > 0:
            xs.add(v)
            xs.add(-v)
    for v in (1.4e-45, 1.1754944e-38, 1e-30, 2.0 ** -28, 0.84375, 1.25, 2.857143, 3.9, 3.92,
              3.95, 4.0, 6.0):
        f = np.float32(v)
        for w in (np.nextafter(f, np.float32(0)), f, np.nextafter(f, np.float32(np.inf))):
            xs.add(float(w))
            xs.add(-float(w))
    return sorted(xs)


def write_erf():
    import mpmath  # only this part needs it
    mpmath.mp.prec = 200
    dxs, tail = erf_points_double()
    fxs = erf_points_float()
    out = io.StringIO()
    for x in dxs + tail:
        mx = mpmath.mpf(x)
        ehi, elo = split(mpmath.erf(mx), mpmath)
        chi, clo = split(mpmath.erfc(mx), mpmath)
        out.write("d %r %r %.5f %r %.5f\n" % (x, ehi, elo, chi, clo))
    for x in fxs:
        ehi, elo = split(mpmath.erf(mpmath.mpf(x)), mpmath)
        out.write("f %r %r %.5f - -\n" % (x, ehi, elo))
    write_text("erf_reference.txt.gz", out.getvalue(), compress=True)
    print("erf: %d double + %d erfc-tail + %d float points" % (len(dxs), len(tail), len(fxs)))
    try:
        from scipy.special import erf as scipy_erf
        worst = max(abs(float(scipy_erf(x)) - float(mpmath.erf(mpmath.mpf(x))))
                    / np.spacing(abs(float(mpmath.erf(mpmath.mpf(x))))) for x in dxs if x != 0)
        print("  (for information: scipy.special.erf is within %.2f ulp of mpmath here)" % worst)
    except ImportError:
        pass


# ----------------------------------------------------------------------------- random

SEEDS = [0, 1, 42, 123456789, 2 ** 32 - 1, -1, -123456789012345, 2 ** 32,
         987654321987654321]
COUNT = 100_000
SHOW_FIRST = 20
SHOW_EVERY = 5000
UNIFORM = (-3.25, 7.5)
MIXED_CYCLE = ["randn", "random_sample", "randn", "randn", "uniform", "random_sample",
               "random_sample", "randn", "randn", "randn", "uniform"]


def seed_numpy(seed):
    """np.random.seed exactly as NumpyRandom(long) documents it."""
    if 0 <= seed <= 2 ** 32 - 1:
        np.random.seed(seed)
    else:
        u = seed & 0xFFFFFFFFFFFFFFFF  # two's complement of the Java long
        np.random.seed(np.array([u & 0xFFFFFFFF, u >> 32], dtype=np.uint32))


def section(out, seed, stream, values, dtype):
    arr = np.asarray(values, dtype=dtype)
    digest = hashlib.sha256(arr.astype(">u4" if dtype == np.uint32 else ">f8").tobytes())
    shown = [i for i in range(len(arr)) if i < SHOW_FIRST or i % SHOW_EVERY == 0]
    out.write("# seed=%d stream=%s n=%d sha256=%s show=%d\n"
              % (seed, stream, len(arr), digest.hexdigest(), len(shown)))
    for i in shown:
        out.write("%d %r\n" % (i, int(arr[i]) if dtype == np.uint32 else float(arr[i])))


def write_random():
    out = io.StringIO()
    for seed in SEEDS:
        seed_numpy(seed)
        raw = np.random.mtrand._rand._bit_generator.random_raw(COUNT)
        section(out, seed, "uint32", raw, np.uint32)
        seed_numpy(seed)
        section(out, seed, "random_sample", np.random.random_sample(COUNT), np.float64)
        seed_numpy(seed)
        section(out, seed, "randn", np.random.randn(COUNT), np.float64)
        seed_numpy(seed)
        section(out, seed, "uniform", np.random.uniform(UNIFORM[0], UNIFORM[1], COUNT),
                np.float64)
        seed_numpy(seed)  # scalar calls, one by one, as a notebook might interleave them
        mixed = []
        for i in range(COUNT):
            op = MIXED_CYCLE[i % len(MIXED_CYCLE)]
            if op == "randn":
                mixed.append(np.random.randn())
            elif op == "random_sample":
                mixed.append(np.random.random_sample())
            else:
                mixed.append(np.random.uniform(-1.0, 2.0))
        section(out, seed, "mixed", mixed, np.float64)
    write_text("numpy_random_reference.txt", out.getvalue())

    np.random.seed(0)
    print("np.random.seed(0); 0.1 * np.random.randn(3, 3), C order:")
    for v in (0.1 * np.random.randn(3, 3)).ravel():
        print("    %r," % float(v))
    print("random: numpy %s, %s" % (np.__version__, platform.libc_ver()))


# ----------------------------------------------------------------------------- log

def write_log():
    rng = np.random.default_rng(777)
    xs = set()
    np.random.seed(3)  # r2 values as legacy_gauss forms them
    u = np.random.random_sample(2000)
    r2 = (2.0 * u[0::2] - 1.0) ** 2 + (2.0 * u[1::2] - 1.0) ** 2
    xs |= {float(v) for v in r2 if 0 < v < 1}
    xs |= {float(v) for v in 1.0 + (rng.random(600) - 0.5) * 0.14}  # near-1 path and edges
    xs |= {float(v) for v in rng.random(200)}
    bits = rng.integers(1, 0x7FF0000000000000, 300, dtype=np.int64)  # any positive finite
    xs |= {float(v) for v in bits.view(np.float64)}
    edges = [5e-324, 1e-310, 2.0 ** -1022, 1.0 - 2.0 ** -4, 1.0 + float.fromhex("0x1.09p-4"),
             1.0, 2.0, 0.5, math.e, 10.0, 1.7976931348623157e308]
    for v in edges:
        with np.errstate(over="ignore"):  # the neighbour above the largest double is inf
            near = (np.nextafter(v, 0.0), v, np.nextafter(v, np.inf))
        for w in near:
            if 0 < float(w) < float("inf"):
                xs.add(float(w))
    lines = ["%r %r\n" % (x, math.log(x)) for x in sorted(xs)]
    write_text("log_reference.txt", "".join(lines))
    print("log: %d points, %s" % (len(lines), platform.libc_ver()))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["erf", "random", "log"])
    args = ap.parse_args()
    if args.only in (None, "erf"):
        write_erf()
    if args.only in (None, "random"):
        write_random()
    if args.only in (None, "log"):
        write_log()
