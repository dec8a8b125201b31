"""Writes the NumPy training reference cases of codegen-plugin/src/test/resources/train-numpy-cases.

The shared training cases (src/test/resources/train-cases) are a sample of two; these add references,
written here from the spec's formulas (section 6) independently of the Java code, for what they leave
out: every optimizer (plain SGD, momentum with decay, AdaGrad, RMSprop, Adam with its betas), every loss
(categorical cross-entropy on labels and on one-hot targets, binary cross-entropy on 0/1 and fractional
targets, MSE, MAE, MSE through a softmax), a standalone softmax and standalone hidden activations,
layers without bias, float precision, a deeper and wider network. Full-batch steps from initial.npz,
the loss before each step, the weights after the last. Same layout as the shared cases, so the shared
runner takes them too:

    python3 codegen-plugin/src/test/numpy/make_train_cases.py     # rewrites the case folders (seeded)
    python3 ../shared/tools/train_conformance.py codegen-plugin/src/test/resources/train-numpy-cases .

TrainingConformanceTest runs them on every build; this script is only needed to change them.
"""
import json
import math
import os
import shutil

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "train-numpy-cases")
rng = np.random.default_rng(20261208)
erf = np.vectorize(math.erf)
CLIP = 1e-7


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(x):
    shifted = x - x.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softplus(x):
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)


# name in a .net file: (forward, backward(x, y, g) -> gradient at the input)
ACTIVATIONS = {
    "linear": (lambda x: x, lambda x, y, g: g),
    "relu": (lambda x: np.maximum(0, x), lambda x, y, g: g * (x > 0)),
    "leaky_relu(0.2)": (lambda x: np.where(x > 0, x, 0.2 * x), lambda x, y, g: g * np.where(x > 0, 1, 0.2)),
    "elu(0.7)": (lambda x: np.where(x > 0, x, 0.7 * np.expm1(x)), lambda x, y, g: g * np.where(x > 0, 1, 0.7 * np.exp(x))),
    "sigmoid": (sigmoid, lambda x, y, g: g * y * (1 - y)),
    "tanh": (np.tanh, lambda x, y, g: g * (1 - y * y)),
    "softplus": (softplus, lambda x, y, g: g * sigmoid(x)),
    "silu": (lambda x: x * sigmoid(x), lambda x, y, g: g * sigmoid(x) * (1 + x * (1 - sigmoid(x)))),
    "gelu": (lambda x: x / 2 * (1 + erf(x / math.sqrt(2))),
             lambda x, y, g: g * (0.5 * (1 + erf(x / math.sqrt(2))) + x * np.exp(-x * x / 2) / math.sqrt(2 * math.pi))),
    "softmax": (softmax, lambda x, y, g: y * (g - (g * y).sum(axis=1, keepdims=True))),
    "log_softmax": (log_softmax, lambda x, y, g: g - np.exp(y) * g.sum(axis=1, keepdims=True)),
}
# (rtol, atol): double to about 1e-9 over dozens of steps (spec section 6); float against the float64
# reference to about 1e-4, with an atol for values that pass near zero.
TOLERANCE = {"double": (1e-8, 1e-11), "float": (1e-4, 1e-5)}
DEFAULTS = {"sgd": dict(lr=1.0, decay=0.0, momentum=0.0), "adagrad": dict(lr=1.0, decay=0.0, epsilon=1e-7),
            "rmsprop": dict(lr=0.001, decay=0.0, epsilon=1e-7, rho=0.9),
            "adam": dict(lr=0.001, decay=0.0, epsilon=1e-7, beta_1=0.9, beta_2=0.999)}


def dense(n_in, n_out, activation="linear", bias=True, name=None):
    return {"kind": "dense", "in": n_in, "out": n_out, "activation": activation, "bias": bias, "name": name}


def standalone(activation):
    return {"kind": "activation", "activation": activation}


def optimizer_step(kind, options, w, g, state, t):
    o = dict(DEFAULTS[kind], **options)
    lr = o["lr"] / (1 + o["decay"] * t)
    if kind == "sgd":
        if o["momentum"] == 0:
            return w - lr * g
        state["m"] = o["momentum"] * state.get("m", 0) - lr * g
        return w + state["m"]
    if kind == "adagrad":
        state["c"] = state.get("c", 0) + g * g
        return w - lr * g / (np.sqrt(state["c"]) + o["epsilon"])
    if kind == "rmsprop":
        state["c"] = o["rho"] * state.get("c", 0) + (1 - o["rho"]) * g * g
        return w - lr * g / (np.sqrt(state["c"]) + o["epsilon"])
    b1, b2 = o["beta_1"], o["beta_2"]
    state["m"] = b1 * state.get("m", 0) + (1 - b1) * g
    state["v"] = b2 * state.get("v", 0) + (1 - b2) * g * g
    m_hat = state["m"] / (1 - b1 ** (t + 1))
    v_hat = state["v"] / (1 - b2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + o["epsilon"])


def train(layers, params, x, answers, loss, optimizer, steps):
    """Full-batch steps in float64; returns the losses (before each step) and the trained params."""
    kind, options = optimizer
    params = {k: v.astype(np.float64) for k, v in params.items()}
    state = {k: {} for k in params}
    n = x.shape[0]
    losses = []
    for t in range(steps):
        cache, h = [], x
        for layer in layers:
            z = h
            if layer["kind"] == "dense":
                z = h @ params[layer["key"] + ".weights"]
                if layer["bias"]:
                    z = z + params[layer["key"] + ".biases"]
            y = ACTIVATIONS[layer["activation"]][0](z)
            cache.append((layer, h, z, y))
            h = y
        p = h
        width = p.shape[1]
        target = np.eye(width)[answers] if answers.ndim == 1 else answers
        c = np.clip(p, CLIP, 1 - CLIP)
        fused = loss in ("categorical_crossentropy", "binary_crossentropy")
        if loss == "categorical_crossentropy":
            value = np.mean(-(target * np.log(c)).sum(axis=1))
            g = (p - target) / n
        elif loss == "binary_crossentropy":
            value = np.mean(np.mean(-(target * np.log(c) + (1 - target) * np.log(1 - c)), axis=1))
            g = (p - target) / (n * width)
        elif loss == "mean_squared_error":
            value = np.mean(np.mean((target - p) ** 2, axis=1))
            g = 2 * (p - target) / (n * width)
        else:
            value = np.mean(np.mean(np.abs(target - p), axis=1))
            g = np.sign(p - target) / (n * width)
        losses.append(float(value))
        grads = {}
        for i in range(len(cache) - 1, -1, -1):
            layer, inp, z, y = cache[i]
            if not (fused and i == len(cache) - 1):
                g = ACTIVATIONS[layer["activation"]][1](z, y, g)
            if layer["kind"] == "dense":
                w = params[layer["key"] + ".weights"]
                grads[layer["key"] + ".weights"] = inp.T @ g
                if layer["bias"]:
                    grads[layer["key"] + ".biases"] = g.sum(axis=0)
                g = g @ w.T
        for k in params:
            params[k] = optimizer_step(kind, options, params[k], grads[k], state[k], t)
    return losses, params


def case(name, layers, rows, loss, optimizer, steps=20, precision="double", labels=False, note=""):
    folder = os.path.join(OUT, name)
    os.makedirs(folder)
    dtype = np.float32 if precision == "float" else np.float64
    lines = [f"network {''.join(p.capitalize() for p in name.split('_'))};", f"precision {precision};"]
    if layers[0]["kind"] == "activation":
        lines.append(f"input {layers[1]['in']};")
    params = {}
    index = 0
    for layer in layers:
        if layer["kind"] == "activation":
            lines.append(f"{layer['activation']};")
            continue
        layer["key"] = layer["name"] or f"dense_{index}"
        index += 1
        weights = (rng.standard_normal((layer["in"], layer["out"])) / math.sqrt(layer["in"])).astype(dtype)
        params[layer["key"] + ".weights"] = weights
        if layer["bias"]:
            params[layer["key"] + ".biases"] = (rng.standard_normal(layer["out"]) * 0.1).astype(dtype)
        lines.append(f"dense {layer['in']} -> {layer['out']}"
                     + ("" if layer["activation"] == "linear" else f" {layer['activation']}")
                     + ("" if layer["bias"] else " bias=false")
                     + (f" name={layer['name']}" if layer["name"] else "") + ";")
    n_in = next(l["in"] for l in layers if l["kind"] == "dense")
    n_out = next(l["out"] for l in reversed(layers) if l["kind"] == "dense")
    x = rng.standard_normal((rows, n_in)).astype(dtype).astype(np.float64)
    if labels:
        answers = rng.integers(0, n_out, rows).astype(np.int32)
        data = {"inputs": x, "labels": answers}
    else:
        if loss == "categorical_crossentropy":
            answers = np.eye(n_out)[rng.integers(0, n_out, rows)]
        elif loss == "binary_crossentropy":
            answers = np.where(rng.random((rows, n_out)) < 0.3, rng.random((rows, n_out)),
                               rng.integers(0, 2, (rows, n_out)).astype(np.float64))
        else:
            answers = rng.standard_normal((rows, n_out))
        answers = answers.astype(dtype).astype(np.float64)
        data = {"inputs": x, "targets": answers}
    kind, options = optimizer
    text = kind + ("(" + ", ".join(f"{k}={v!r}" for k, v in options.items()) + ")" if options else "")
    losses, trained = train(layers, params, x, answers, loss, optimizer, steps)
    assert all(math.isfinite(v) for v in losses), name
    open(os.path.join(folder, name + ".net"), "w").write("\n".join(lines) + "\n")
    np.savez_compressed(os.path.join(folder, "initial.npz"), **params)
    np.savez_compressed(os.path.join(folder, "data.npz"), **data)
    np.savez_compressed(os.path.join(folder, "expected.npz"), **{k: v.astype(dtype) if precision == "float" else v
                                                                  for k, v in trained.items()})
    rtol, atol = TOLERANCE[precision]
    json.dump({"net": name + ".net", "precision": precision, "loss": loss, "optimizer": text, "steps": steps,
               "rtol": rtol, "atol": atol, "losses": losses, "note": note},
              open(os.path.join(folder, "case.json"), "w"), indent=1)


def main():
    os.makedirs(OUT, exist_ok=True)
    for entry in os.listdir(OUT):
        if os.path.isdir(os.path.join(OUT, entry)):
            shutil.rmtree(os.path.join(OUT, entry))
    case("sgd_mse", [dense(4, 8, "tanh"), dense(8, 3)], 16, "mean_squared_error", ("sgd", {"lr": 0.05}))
    case("momentum_mae", [dense(5, 7, "relu"), dense(7, 6, "leaky_relu(0.2)", bias=False), dense(6, 2)], 14,
         "mean_absolute_error", ("sgd", {"lr": 0.02, "momentum": 0.9, "decay": 0.05}),
         note="momentum and decay; a layer without bias")
    case("adagrad_binary", [dense(6, 10, "elu(0.7)", name="hidden"), dense(10, 3, "sigmoid", name="out")], 18,
         "binary_crossentropy", ("adagrad", {"lr": 0.1, "decay": 0.01, "epsilon": 1e-6}),
         note="0/1 and fractional targets")
    case("rmsprop_one_hot", [dense(5, 9, "softplus"), dense(9, 4, "softmax")], 15, "categorical_crossentropy",
         ("rmsprop", {"lr": 0.01, "decay": 0.001, "rho": 0.8}), note="one-hot target rows")
    case("adam_standalone_softmax", [dense(5, 8, "silu"), dense(8, 4, bias=False), standalone("softmax")], 21,
         "categorical_crossentropy", ("adam", {"lr": 0.01, "decay": 0.001, "beta_1": 0.8, "beta_2": 0.99}),
         labels=True, note="softmax as a layer of its own after a linear layer without bias")
    case("mse_through_softmax", [dense(4, 6, "tanh"), dense(6, 3, "softmax")], 12, "mean_squared_error",
         ("sgd", {"lr": 0.5}), note="softmax's own backward pass, not fused with a cross-entropy")
    case("standalone_hidden", [standalone("tanh"), dense(4, 6), standalone("relu"), dense(6, 5, "log_softmax"),
                               dense(5, 3, bias=False)], 13, "mean_squared_error", ("adagrad", {"lr": 0.05}),
         note="activations as layers of their own, one before the first dense layer")
    case("deep_adam", [dense(20, 40, "relu"), dense(40, 30, "tanh"), dense(30, 24, "gelu"), dense(24, 5, "softmax")],
         40, "categorical_crossentropy", ("adam", {"lr": 0.005}), steps=30, labels=True,
         note="deeper and wider: the generated forward pass in loops")
    case("adam_defaults", [dense(3, 5, "sigmoid"), dense(5, 2)], 10, "mean_squared_error", ("adam", {}),
         note="adam with the book's defaults")
    case("float_sgd_mse", [dense(4, 6, "sigmoid"), dense(6, 2)], 12, "mean_squared_error", ("sgd", {"lr": 0.1}),
         precision="float")
    case("float_adam_labels", [dense(6, 12, "gelu"), dense(12, 3, "softmax")], 16, "categorical_crossentropy",
         ("adam", {"lr": 0.01}), precision="float", labels=True)
    print(sum(os.path.isdir(os.path.join(OUT, e)) for e in os.listdir(OUT)), "cases in", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
