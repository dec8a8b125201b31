#!/usr/bin/env python3
"""Generates the .npz fixtures next to this script for the dev.netc.runtime.io tests.

Run from anywhere with NumPy installed:  python3 make_fixtures.py
The committed tests only read the output, so NumPy is not needed to build the project.
The values are simple formulas so the Java tests can assert them exactly.
Every zip timestamp is pinned to 1980-01-01 00:00 so reruns give identical bytes
(savez_reference.npz must match NpzWriter's output byte for byte).
"""
import io
import os
import time
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
time.localtime = lambda *args: time.struct_time((1980, 1, 1, 0, 0, 0, 1, 1, 0))


def path(name):
    return os.path.join(HERE, name)


class Unseekable(io.RawIOBase):
    """A write-only stream without seek/tell, like a pipe: zipfile then uses data descriptors."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, b):
        self.chunks.append(bytes(b))
        return len(b)

    def seekable(self):
        return False

    def tell(self):
        raise OSError("unseekable")

    def getvalue(self):
        return b"".join(self.chunks)


def main():
    # np.savez: stored entries with ZIP64 extra fields; float32; ranks 0..3 and an empty array.
    np.savez(path("savez_f4.npz"), **{
        "dense_0.weights": (np.arange(12, dtype="<f4").reshape(3, 4) / 4 - 1).astype("<f4"),
        "dense_0.bias": np.array([0.1, -2.5, 3e-8], dtype="<f4"),
        "scalar": np.float32(7.25),
        "empty": np.zeros((0, 3), dtype="<f4"),
        "cube": np.arange(24, dtype="<f4").reshape(2, 3, 4),
    })

    # np.savez_compressed: deflated entries; float64 including special values.
    np.savez_compressed(path("savez_compressed_f8.npz"), **{
        "w": np.arange(6, dtype="<f8").reshape(2, 3) * 0.5,
        "pi": np.float64(np.pi),
        "special": np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308],
                            dtype="<f8"),
    })

    # Fortran-order arrays: the file holds column-major data and 'fortran_order': True.
    np.savez(path("fortran.npz"), **{
        "f4_2d": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
        "f8_3d": np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)),
        "f4_1d": np.asfortranarray(np.arange(3, dtype="<f4")),
    })
    with np.load(path("fortran.npz")) as z:
        assert z["f4_2d"].flags.f_contiguous and not z["f4_2d"].flags.c_contiguous

    # .npy format versions 2.0 and 3.0 (4-byte header length), written into a zip by hand.
    with zipfile.ZipFile(path("npy_v2_v3.npz"), "w") as zf:
        for name, version, array in [
            ("v2", (2, 0), np.arange(4, dtype="<f4") + 0.5),
            ("v3", (3, 0), np.arange(6, dtype="<f8").reshape(3, 2) - 2),
        ]:
            with zf.open(name + ".npy", "w", force_zip64=True) as f:
                np.lib.format.write_array(f, array, version=version)

    # Written to a pipe-like stream: entries carry data descriptors after their data.
    for name, save in [("streamed.npz", np.savez), ("streamed_compressed.npz", np.savez_compressed)]:
        out = Unseekable()
        save(out, a=np.arange(5, dtype="<f4") * 2, b=np.eye(2, dtype="<f8"))
        data = out.getvalue()
        with open(path(name), "wb") as f:
            f.write(data)
        with zipfile.ZipFile(path(name)) as zf:
            assert all(info.flag_bits & 0x08 for info in zf.infolist())

    # What NpzWriter must reproduce byte for byte (see NpzWriterTest).
    np.savez(path("savez_reference.npz"), **{
        "dense_0.weights": np.arange(6, dtype="<f4").reshape(2, 3) - 1.5,
        "dense_0.bias": np.array([0.25, -1.0, 1e300], dtype="<f8"),
        "scalar": np.float32(-3.0),
        "empty": np.zeros((0,), dtype="<f8"),
        "gewicht_\u00fc": np.ones((1, 1, 2), dtype="<f4"),
    })

    # No arrays at all: just an end of central directory record.
    np.savez(path("empty.npz"))

    for name in sorted(os.listdir(HERE)):
        if name.endswith(".npz"):
            with np.load(path(name)) as z:
                print(f"{name:28} {os.path.getsize(path(name)):5} bytes  {list(z.keys())}")


if __name__ == "__main__":
    main()
