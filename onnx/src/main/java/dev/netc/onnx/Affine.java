package dev.netc.onnx;

/**
 * A per-feature affine map {@code x -> scale * x + shift} (each array of length 1, meaning the same
 * number for every feature, or of the layer's width): a bias add, a normalisation, a folded
 * BatchNormalization. Such maps are folded into the dense layer before or after them.
 */
record Affine(double[] scale, double[] shift) {
    static final Affine IDENTITY = new Affine(new double[] {1}, new double[] {0});

    /** This map followed by {@code next}. */
    Affine then(Affine next) {
        int n = Math.max(Math.max(scale.length, shift.length), Math.max(next.scale.length, next.shift.length));
        double[] s = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = at(scale, i) * at(next.scale, i);
            t[i] = at(shift, i) * at(next.scale, i) + at(next.shift, i);
        }
        return new Affine(s, t);
    }

    double scaleAt(int i) {
        return at(scale, i);
    }

    double shiftAt(int i) {
        return at(shift, i);
    }

    /** The number of features this map is specific to, or 1 when it treats all alike. */
    int width() {
        return Math.max(scale.length, shift.length);
    }

    boolean isIdentity() {
        for (double s : scale) {
            if (s != 1) {
                return false;
            }
        }
        for (double t : shift) {
            if (t != 0) {
                return false;
            }
        }
        return true;
    }

    boolean hasShift() {
        for (double t : shift) {
            if (t != 0) {
                return true;
            }
        }
        return false;
    }

    private static double at(double[] a, int i) {
        return a.length == 1 ? a[0] : a[i];
    }
}
