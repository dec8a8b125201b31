"""The tutorial's NumPy code on the benchmark networks, timed on one thread (OPENBLAS_NUM_THREADS=1).

Prints JSON: {"TINY_1": nanoseconds per forward pass, ...} for the same shapes as the JMH suite.
Usage: OPENBLAS_NUM_THREADS=1 python3 benchmarks/numpy_baseline.py > numpy.json
"""
import json
import sys
import timeit

import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.1 * np.random.randn(n_inputs, n_neurons).astype(np.float32)
        self.biases = np.zeros((1, n_neurons), dtype=np.float32)

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases


class Activation_ReLU:
    def forward(self, inputs):
        self.output = np.maximum(0, inputs)


class Activation_Softmax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)


def network(sizes):
    layers = []
    for k, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(Layer_Dense(n_in, n_out))
        layers.append(Activation_ReLU() if k < len(sizes) - 2 else Activation_Softmax())
    return layers


def forward(layers, x):
    for layer in layers:
        layer.forward(x)
        x = layer.output
    return x


SHAPES = {
    "TINY_1": ((4, 4, 4), 1), "TINY_3": ((4, 4, 4), 3),
    "MNIST_1": ((784, 128, 10), 1), "MNIST_64": ((784, 128, 10), 64),
    "DEEP_1": ((784, 512, 512, 10), 1), "DEEP_256": ((784, 512, 512, 10), 256),
}

def main():
    np.random.seed(0)
    results = {}
    for name, (sizes, batch) in SHAPES.items():
        layers = network(sizes)
        x = np.random.rand(batch, sizes[0]).astype(np.float32)
        timer = timeit.Timer(lambda: forward(layers, x))
        number, _ = timer.autorange()
        number = max(number, 10)
        # The best of seven repeats, as timeit itself reports: the machine's noise only ever adds time.
        best = min(timer.repeat(7, number)) / number
        results[name] = best * 1e9
        print(f"{name}: {best * 1e6:.2f} us", file=sys.stderr)
    print(json.dumps(results))


# Importable (a harness may reuse the tutorial's classes) without timing anything.
if __name__ == "__main__":
    main()
