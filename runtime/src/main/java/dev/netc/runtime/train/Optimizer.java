package dev.netc.runtime.train;

import dev.netc.runtime.Numbers;

/**
 * The tutorial's optimizers (spec §6) with the book's defaults. {@code t} counts the steps taken before
 * the current one; {@code lr_t = lr / (1 + decay·t)}. Each weight and bias array has its own state
 * ({@link #stateArrays()} arrays of its size, zero at the start), named as in the book: {@code momentums},
 * {@code cache}.
 *
 * <p>Immutable and thread-safe; the state lives in the arrays the caller passes.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.AdaGrad, Optimizer.RmsProp, Optimizer.Adam {
    /** The name in the call syntax. */
    String keyword();

    /** The starting learning rate. */
    double learningRate();

    /** How fast the learning rate decays: {@code lr / (1 + decay·t)}. */
    double decay();

    /** The learning rate of the step after {@code t} steps. */
    default double learningRate(long t) {
        return learningRate() / (1 + decay() * t);
    }

    /** Arrays of state each parameter array needs: 0 (plain SGD), 1 or 2 (Adam). */
    int stateArrays();

    /**
     * One step on {@code n} values of {@code w} with gradient {@code g}; {@code first} and {@code second}
     * are the parameter's state arrays (unused ones may be null); {@code t} steps were taken before.
     */
    void update(double[] w, double[] g, int n, double[] first, double[] second, long t);

    /** As {@link #update(double[], double[], int, double[], double[], long)}, in float. */
    void update(float[] w, float[] g, int n, float[] first, float[] second, long t);

    /**
     * The optimizer {@code text} describes, in the language's call syntax: {@code "sgd(1.0, momentum=0.9)"},
     * {@code "adam(lr=0.02, decay=1e-4)"}, {@code "rmsprop"}.
     *
     * @throws IllegalArgumentException naming the column and what was expected, with "did you mean"
     */
    static Optimizer parse(String text) {
        return OptimizerSyntax.parse(text);
    }

    /** SGD with the book's defaults: {@code sgd(lr=1.0)}. */
    static Sgd sgd() {
        return new Sgd(1.0, 0, 0);
    }

    /** Plain SGD: {@code w ← w − lr·g}. */
    static Sgd sgd(double learningRate) {
        return new Sgd(learningRate, 0, 0);
    }

    /** Adam with the book's defaults ({@code lr=0.001}). */
    static Adam adam() {
        return new Adam(0.001, 0, 1e-7, 0.9, 0.999);
    }

    /** Adam with the book's defaults but the learning rate. */
    static Adam adam(double learningRate) {
        return new Adam(learningRate, 0, 1e-7, 0.9, 0.999);
    }

    /** AdaGrad with the book's defaults but the learning rate. */
    static AdaGrad adagrad(double learningRate) {
        return new AdaGrad(learningRate, 0, 1e-7);
    }

    /** RMSprop with the book's defaults but the learning rate. */
    static RmsProp rmsprop(double learningRate) {
        return new RmsProp(learningRate, 0, 1e-7, 0.9);
    }

    /**
     * {@code sgd(lr=1.0, decay=0, momentum=0)}: {@code w ← w − lr_t·g}; with momentum
     * {@code v ← momentum·v − lr_t·g; w ← w + v}.
     */
    record Sgd(double learningRate, double decay, double momentum) implements Optimizer {
        public Sgd {
            common(learningRate, decay);
            fraction("momentum", momentum);
        }

        /** This optimizer with another momentum. */
        public Sgd withMomentum(double momentum) {
            return new Sgd(learningRate, decay, momentum);
        }

        /** This optimizer with another decay. */
        public Sgd withDecay(double decay) {
            return new Sgd(learningRate, decay, momentum);
        }

        @Override
        public String keyword() {
            return "sgd";
        }

        @Override
        public int stateArrays() {
            return momentum == 0 ? 0 : 1;
        }

        @Override
        public void update(double[] w, double[] g, int n, double[] momentums, double[] unused, long t) {
            double lr = learningRate(t);
            if (momentum == 0) {
                for (int i = 0; i < n; i++) {
                    w[i] -= lr * g[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    double update = momentum * momentums[i] - lr * g[i];
                    momentums[i] = update;
                    w[i] += update;
                }
            }
        }

        @Override
        public void update(float[] w, float[] g, int n, float[] momentums, float[] unused, long t) {
            float lr = (float) learningRate(t);
            float mu = (float) momentum;
            if (momentum == 0) {
                for (int i = 0; i < n; i++) {
                    w[i] -= lr * g[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float update = mu * momentums[i] - lr * g[i];
                    momentums[i] = update;
                    w[i] += update;
                }
            }
        }

        @Override
        public String toString() {
            return "sgd(lr=" + Numbers.format(learningRate) + ", decay=" + Numbers.format(decay) + ", momentum="
                    + Numbers.format(momentum) + ")";
        }
    }

    /** {@code adagrad(lr=1.0, decay=0, epsilon=1e-7)}: {@code c ← c + g²; w ← w − lr_t·g / (√c + ε)}. */
    record AdaGrad(double learningRate, double decay, double epsilon) implements Optimizer {
        public AdaGrad {
            common(learningRate, decay);
            positive("epsilon", epsilon);
        }

        @Override
        public String keyword() {
            return "adagrad";
        }

        @Override
        public int stateArrays() {
            return 1;
        }

        @Override
        public void update(double[] w, double[] g, int n, double[] cache, double[] unused, long t) {
            double lr = learningRate(t);
            for (int i = 0; i < n; i++) {
                double c = cache[i] + g[i] * g[i];
                cache[i] = c;
                w[i] -= lr * g[i] / (Math.sqrt(c) + epsilon);
            }
        }

        @Override
        public void update(float[] w, float[] g, int n, float[] cache, float[] unused, long t) {
            float lr = (float) learningRate(t);
            float eps = (float) epsilon;
            for (int i = 0; i < n; i++) {
                float c = cache[i] + g[i] * g[i];
                cache[i] = c;
                w[i] -= lr * g[i] / ((float) Math.sqrt(c) + eps);
            }
        }

        @Override
        public String toString() {
            return "adagrad(lr=" + Numbers.format(learningRate) + ", decay=" + Numbers.format(decay) + ", epsilon="
                    + Numbers.format(epsilon) + ")";
        }
    }

    /**
     * {@code rmsprop(lr=0.001, decay=0, epsilon=1e-7, rho=0.9)}: {@code c ← ρ·c + (1 − ρ)·g²;
     * w ← w − lr_t·g / (√c + ε)}.
     */
    record RmsProp(double learningRate, double decay, double epsilon, double rho) implements Optimizer {
        public RmsProp {
            common(learningRate, decay);
            positive("epsilon", epsilon);
            fraction("rho", rho);
        }

        @Override
        public String keyword() {
            return "rmsprop";
        }

        @Override
        public int stateArrays() {
            return 1;
        }

        @Override
        public void update(double[] w, double[] g, int n, double[] cache, double[] unused, long t) {
            double lr = learningRate(t);
            double keep = 1 - rho;
            for (int i = 0; i < n; i++) {
                double c = rho * cache[i] + keep * g[i] * g[i];
                cache[i] = c;
                w[i] -= lr * g[i] / (Math.sqrt(c) + epsilon);
            }
        }

        @Override
        public void update(float[] w, float[] g, int n, float[] cache, float[] unused, long t) {
            float lr = (float) learningRate(t);
            float r = (float) rho;
            float keep = (float) (1 - rho);
            float eps = (float) epsilon;
            for (int i = 0; i < n; i++) {
                float c = r * cache[i] + keep * g[i] * g[i];
                cache[i] = c;
                w[i] -= lr * g[i] / ((float) Math.sqrt(c) + eps);
            }
        }

        @Override
        public String toString() {
            return "rmsprop(lr=" + Numbers.format(learningRate) + ", decay=" + Numbers.format(decay) + ", epsilon="
                    + Numbers.format(epsilon) + ", rho=" + Numbers.format(rho) + ")";
        }
    }

    /**
     * {@code adam(lr=0.001, decay=0, epsilon=1e-7, beta_1=0.9, beta_2=0.999)}: {@code m ← β₁m + (1 − β₁)g;
     * v ← β₂v + (1 − β₂)g²; w ← w − lr_t · (m / (1 − β₁^(t+1))) / (√(v / (1 − β₂^(t+1))) + ε)}.
     */
    record Adam(double learningRate, double decay, double epsilon, double beta1, double beta2) implements Optimizer {
        public Adam {
            common(learningRate, decay);
            positive("epsilon", epsilon);
            fraction("beta_1", beta1);
            fraction("beta_2", beta2);
        }

        /** This optimizer with another decay. */
        public Adam withDecay(double decay) {
            return new Adam(learningRate, decay, epsilon, beta1, beta2);
        }

        @Override
        public String keyword() {
            return "adam";
        }

        @Override
        public int stateArrays() {
            return 2;
        }

        @Override
        public void update(double[] w, double[] g, int n, double[] momentums, double[] cache, long t) {
            double lr = learningRate(t);
            double correct1 = 1 - Math.pow(beta1, t + 1);
            double correct2 = 1 - Math.pow(beta2, t + 1);
            double keep1 = 1 - beta1;
            double keep2 = 1 - beta2;
            for (int i = 0; i < n; i++) {
                double m = beta1 * momentums[i] + keep1 * g[i];
                double v = beta2 * cache[i] + keep2 * g[i] * g[i];
                momentums[i] = m;
                cache[i] = v;
                w[i] -= lr * (m / correct1) / (Math.sqrt(v / correct2) + epsilon);
            }
        }

        @Override
        public void update(float[] w, float[] g, int n, float[] momentums, float[] cache, long t) {
            float lr = (float) learningRate(t);
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float keep1 = (float) (1 - beta1);
            float keep2 = (float) (1 - beta2);
            float correct1 = (float) (1 - Math.pow(beta1, t + 1));
            float correct2 = (float) (1 - Math.pow(beta2, t + 1));
            float eps = (float) epsilon;
            for (int i = 0; i < n; i++) {
                float m = b1 * momentums[i] + keep1 * g[i];
                float v = b2 * cache[i] + keep2 * g[i] * g[i];
                momentums[i] = m;
                cache[i] = v;
                w[i] -= lr * (m / correct1) / ((float) Math.sqrt(v / correct2) + eps);
            }
        }

        @Override
        public String toString() {
            return "adam(lr=" + Numbers.format(learningRate) + ", decay=" + Numbers.format(decay) + ", epsilon="
                    + Numbers.format(epsilon) + ", beta_1=" + Numbers.format(beta1) + ", beta_2="
                    + Numbers.format(beta2) + ")";
        }
    }

    private static void common(double learningRate, double decay) {
        if (!(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
            throw new OutOfRange("lr", "the learning rate lr must be a finite number > 0, got "
                    + Numbers.format(learningRate));
        }
        if (!(decay >= 0 && decay < Double.POSITIVE_INFINITY)) {
            throw new OutOfRange("decay", "decay must be a finite number >= 0, got " + Numbers.format(decay));
        }
    }

    private static void positive(String name, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new OutOfRange(name, name + " must be a finite number > 0, got " + Numbers.format(value));
        }
    }

    private static void fraction(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new OutOfRange(name, name + " must be from 0 up to (not including) 1, got " + Numbers.format(value));
        }
    }

    /** A parameter outside its range; {@link #parse} turns it into an error at the argument's column. */
    final class OutOfRange extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final transient String parameter;

        OutOfRange(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }
    }
}
