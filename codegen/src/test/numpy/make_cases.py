"""Writes the NumPy reference cases of codegen/src/test/resources/numpy-cases.

The shared conformance cases (src/test/resources/conformance) are a sample; these add NumPy
references for what they leave out: every activation of the spec in both precisions, in networks
small enough for straight-line code and large enough for loops; batches around the sizes where
the batch kernel changes (blocks of 4 rows, chunks of 128 rows); inputs with zeros, which the
kernels skip; odd widths. References are computed in float64 from the stored weights and inputs,
as the shared cases are. Same layout as the shared cases, so the shared runner takes them too:

    python3 codegen/src/test/numpy/make_cases.py      # rewrites the case folders (seeded)
    python3 ../shared/tools/conformance.py codegen/src/test/resources/numpy-cases .

ConformanceTest runs them on every build; this script is only needed to change them.
"""
import json
import math
import os
import shutil

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "numpy-cases")
rng = np.random.default_rng(20261127)
erf = np.vectorize(math.erf)
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def softplus(x):
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)


def hard_sigmoid(x):
    return np.clip(x / 6 + 0.5, 0, 1)


def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(x):
    shifted = x - x.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


# The spec's activations (Keras 3 formulas), by the name a .net file uses.
ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(0, x),
    "relu6": lambda x: np.minimum(np.maximum(0, x), 6),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.01 * x),
    "leaky_relu(0.2)": lambda x: np.where(x > 0, x, 0.2 * x),
    "elu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "elu(0.5)": lambda x: np.where(x > 0, x, 0.5 * np.expm1(x)),
    "selu": lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),
    "sigmoid": sigmoid,
    "hard_sigmoid": hard_sigmoid,
    "tanh": np.tanh,
    "softplus": softplus,
    "softsign": lambda x: x / (1 + np.abs(x)),
    "silu": lambda x: x * sigmoid(x),
    "swish": lambda x: x * sigmoid(x),
    "hard_silu": lambda x: x * hard_sigmoid(x),
    "hard_swish": lambda x: x * hard_sigmoid(x),
    "gelu": lambda x: x / 2 * (1 + erf(x / math.sqrt(2))),
    "gelu_tanh": lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3))),
    "mish": lambda x: x * np.tanh(softplus(x)),
    "exponential": np.exp,
    "softmax": softmax,
    "log_softmax": log_softmax,
}
# Element-wise ones that keep values in range through a chain of layers.
CHAINABLE = [a for a in ACTIVATIONS if a not in ("exponential", "softmax", "log_softmax")]
TOLERANCE = {"float": (1e-4, 1e-5), "double": (1e-9, 1e-11)}


def dense(n_in, n_out, activation=None, bias=True):
    return ("dense", n_in, n_out, activation, bias)


def standalone(activation):
    return ("activation", activation)


def as_stored(array):
    """An array as the network will find it in weights.npz."""
    return array


def case(name, layers, inputs, precision="float", note="", store=as_stored):
    """Writes one case folder: NAME.net, weights.npz (each array passed through `store`), io.npz
    and case.json."""
    folder = os.path.join(OUT, name)
    os.makedirs(folder)
    dtype = np.float32 if precision == "float" else np.float64
    lines = [] if precision == "float" else ["precision double;"]
    arrays = {}
    x = np.asarray(inputs).astype(dtype)
    h = x.astype(np.float64)
    index = 0
    for layer in layers:
        if layer[0] == "activation":
            h = ACTIVATIONS[layer[1]](h)
            lines.append(f"{layer[1]};")
            continue
        _, n_in, n_out, activation, bias = layer
        weights = (rng.standard_normal((n_in, n_out)) / math.sqrt(n_in)).astype(dtype)
        arrays[f"dense_{index}.weights"] = store(weights)
        h = h @ weights.astype(np.float64)
        if bias:
            biases = (rng.standard_normal(n_out) * 0.1).astype(dtype)
            arrays[f"dense_{index}.biases"] = store(biases)
            h = h + biases.astype(np.float64)
        if activation:
            h = ACTIVATIONS[activation](h)
        lines.append(f"dense {n_in} -> {n_out}" + (f" {activation}" if activation else "")
                     + ("" if bias else " bias=false") + ";")
        index += 1
    open(os.path.join(folder, name + ".net"), "w").write("\n".join(lines) + "\n")
    np.savez_compressed(os.path.join(folder, "weights.npz"), **arrays)
    np.savez_compressed(os.path.join(folder, "io.npz"), inputs=x, expected=h)
    rtol, atol = TOLERANCE[precision]
    json.dump({"net": name + ".net", "precision": precision, "rtol": rtol, "atol": atol, "note": note},
              open(os.path.join(folder, "case.json"), "w"), indent=1)


def normal_rows(rows, width, zeros=0.0):
    """Standard normal inputs, each value zero with probability `zeros`."""
    x = rng.standard_normal((rows, width))
    return x * (rng.random(x.shape) >= zeros)


def images(rows, side):
    """Digit-like images: a band of lit pixels, dark borders, and some all-dark rows in a run."""
    x = np.zeros((rows, side * side))
    band = slice(side * side // 4, side * side * 3 // 4)
    width = band.stop - band.start
    x[:, band] = rng.random((rows, width)) * (rng.random((rows, width)) < 0.4)
    x[rows // 7: rows // 7 + 9] = 0
    return x


def main():
    # Case folders only: the folder's README.md stays.
    os.makedirs(OUT, exist_ok=True)
    for entry in os.listdir(OUT):
        if os.path.isdir(os.path.join(OUT, entry)):
            shutil.rmtree(os.path.join(OUT, entry))
    groups = [CHAINABLE[i::3] for i in range(3)]
    for precision in ("float", "double"):
        for g, group in enumerate(groups):
            small = [dense(5, 6, group[0])] + [dense(6, 6, a) for a in group[1:]] + [dense(6, 3, "softmax")]
            case(f"activations_{precision}_{g}", small, normal_rows(5, 5), precision,
                 "every activation once across the three cases; straight-line code")
            # 24 x 24 = 576 weights a layer: more than the straight-line kernel takes, so loops
            looped = [dense(20, 24, group[0])] + [dense(24, 24, a) for a in group[1:]] + [dense(24, 9, "log_softmax")]
            case(f"looped_activations_{precision}_{g}", looped, normal_rows(9, 20), precision,
                 "every activation once across the three cases; looped kernel")
    case("exponential", [dense(6, 5, "tanh"), dense(5, 4, "exponential")], normal_rows(6, 6))
    case("standalone_activations",
         [dense(7, 5), standalone("relu"), standalone("softmax"), standalone("softmax"),
          dense(5, 3, bias=False), standalone("log_softmax")], normal_rows(7, 7))
    case("stacked_softmax", [dense(16, 20, "softmax")] + [standalone("softmax")] * 4 + [dense(20, 4, "softmax")],
         normal_rows(4, 16), note="over the straight-line kernel's bytecode bound: the looped kernel")
    for rows in (1, 5, 129, 257):
        case(f"batch_of_{rows}", [dense(100, 64, "relu"), dense(64, 10, "softmax")],
             normal_rows(rows, 100, zeros=0.7), note="blocks of 4 rows, chunks of 128; inputs zero in whole blocks")
    case("narrow_first_layer", [dense(200, 33, "relu"), dense(33, 17, "relu"), dense(17, 1, "sigmoid")],
         normal_rows(66, 200, zeros=0.9), note="first layer under 64 outputs: inputs zero in the whole batch skipped")
    case("images_double", [dense(144, 64, "relu", bias=False), dense(64, 64, "relu"), dense(64, 10)],
         images(133, 12), "double", "digit-like images: dark borders and rows")
    case("odd_widths", [dense(13, 67, "gelu"), dense(67, 129, "silu"), dense(129, 5, "softmax")],
         normal_rows(37, 13, zeros=0.5))
    case("wide_hidden", [dense(3, 1000, "relu"), dense(1000, 2, "softmax")], normal_rows(9, 3))
    case("single_unit", [dense(1, 1)], normal_rows(3, 1))
    # float32 values stored as float64, weights in Fortran order, biases of shape (1, OUT)
    case("stored_layouts", [dense(9, 7, "relu"), dense(7, 3, "softmax")], normal_rows(4, 9),
         note="<f8 arrays for a float network, Fortran-order weights, (1, OUT) biases",
         store=lambda a: np.asfortranarray(a.astype(np.float64)) if a.ndim == 2 else a.astype(np.float64).reshape(1, -1))
    print(sum(os.path.isdir(os.path.join(OUT, e)) for e in os.listdir(OUT)), "cases in", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
