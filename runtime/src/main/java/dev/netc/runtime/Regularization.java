package dev.netc.runtime;

/**
 * A dense layer's penalties while training, the tutorial's {@code weight_regularizer_l1/l2} and
 * {@code bias_regularizer_l1/l2} (the language's {@code l1=}, {@code l2=}, {@code bias_l1=},
 * {@code bias_l2=}). They add {@code l1·Σ|W| + l2·ΣW² + biasL1·Σ|b| + biasL2·Σb²} to the loss and
 * change nothing in {@code predict}.
 *
 * <p>Immutable and thread-safe.
 */
public record Regularization(double l1, double l2, double biasL1, double biasL2) {
    /** No penalty, the default. */
    public static final Regularization NONE = new Regularization(0, 0, 0, 0);

    public Regularization {
        check("l1", l1);
        check("l2", l2);
        check("bias_l1", biasL1);
        check("bias_l2", biasL2);
    }

    private static void check(String name, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + Numbers.format(value));
        }
    }

    /** True when every penalty is zero. */
    public boolean isNone() {
        return l1 == 0 && l2 == 0 && biasL1 == 0 && biasL2 == 0;
    }
}
