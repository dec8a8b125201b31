"""Trains the spiral classifier whose weights examples/src/main/net/dev/netc/examples/spiral.npz holds.

The tutorial's spiral dataset (3 classes, 100 points each), a 2 -> 64 -> 3 network with ReLU and
softmax, trained with Adam on cross-entropy in float64. Run from the repository root:
    python3 examples/src/main/python/train_spiral.py
It prints the training accuracy and a few labelled points for SpiralDemo.java.
"""
import numpy as np

np.random.seed(0)


def spiral_data(samples, classes):
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype="uint8")
    for c in range(classes):
        ix = range(samples * c, samples * (c + 1))
        r = np.linspace(0.0, 1, samples)
        t = np.linspace(c * 4, (c + 1) * 4, samples) + np.random.randn(samples) * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = c
    return X, y


X, y = spiral_data(100, 3)
W1 = 0.1 * np.random.randn(2, 64); b1 = np.zeros(64)
W2 = 0.1 * np.random.randn(64, 3); b2 = np.zeros(3)
params = [W1, b1, W2, b2]
m = [np.zeros_like(p) for p in params]; v = [np.zeros_like(p) for p in params]
lr, beta1, beta2, eps = 0.02, 0.9, 0.999, 1e-7
for step in range(1, 10001):
    h = np.maximum(0, X @ W1 + b1)
    z = h @ W2 + b2
    e = np.exp(z - z.max(axis=1, keepdims=True)); p = e / e.sum(axis=1, keepdims=True)
    dz = p.copy(); dz[range(len(y)), y] -= 1; dz /= len(y)
    dW2 = h.T @ dz; db2 = dz.sum(0)
    dh = dz @ W2.T; dh[h <= 0] = 0
    dW1 = X.T @ dh; db1 = dh.sum(0)
    for i, g in enumerate([dW1, db1, dW2, db2]):
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        params[i] -= lr * (m[i] / (1 - beta1 ** step)) / (np.sqrt(v[i] / (1 - beta2 ** step)) + eps)

h = np.maximum(0, X @ W1 + b1); z = h @ W2 + b2
print("training accuracy", (z.argmax(1) == y).mean())
np.savez("examples/src/main/net/dev/netc/examples/spiral.npz",
         **{"hidden.weights": W1, "hidden.biases": b1, "logits.weights": W2, "logits.biases": b2})
for i in [10, 60, 95, 130, 170, 199, 220, 260, 290]:
    print("{%ff, %ff, %d}," % (X[i, 0], X[i, 1], y[i]), "p =", np.round(np.exp(z[i] - z[i].max()) / np.exp(z[i] - z[i].max()).sum(), 3))
