package dev.netc.runtime;

import dev.netc.runtime.math.NumpyRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every initializer netc knows, with its Keras name, parameters and sampling rule.
 *
 * <p>Values are drawn from {@link NumpyRandom}, NumPy's legacy generator, so {@code normal(0.1)}
 * under {@code seed 0} gives exactly {@code np.random.seed(0); np.random.randn(in, out) * 0.1}.
 * The variance-scaling family follows Keras: {@code *_normal} draws from a normal truncated at ±2σ
 * (by rejection) with σ = √(scale / n) / 0.87962566103423978, {@code *_uniform} from
 * U(−√(3·scale / n), +√(3·scale / n)), where n is fan_in, or the mean of fan_in and fan_out for glorot.
 */
public enum Initializer {
    ZEROS("zeros"),
    ONES("ones"),
    CONSTANT("constant", new Parameter("value", 0.0)),
    /** {@code normal(std)} or {@code normal(mean, std)}; the default is the tutorial's N(0, 0.1²). */
    NORMAL("normal", new Parameter("mean", 0.0), new Parameter("std", 0.1)),
    UNIFORM("uniform", new Parameter("lo", -0.05), new Parameter("hi", 0.05)),
    GLOROT_UNIFORM("glorot_uniform"),
    GLOROT_NORMAL("glorot_normal"),
    HE_NORMAL("he_normal"),
    HE_UNIFORM("he_uniform"),
    LECUN_NORMAL("lecun_normal"),
    LECUN_UNIFORM("lecun_uniform");

    /** The standard deviation of a unit normal truncated at ±2, by which Keras divides σ. */
    private static final double TRUNCATED_NORMAL_STD = 0.87962566103423978;

    private final String keyword;
    private final List<Parameter> parameters;

    Initializer(String keyword, Parameter... parameters) {
        this.keyword = keyword;
        this.parameters = List.of(parameters);
    }

    /** The name used in {@code .net} files. */
    public String keyword() {
        return keyword;
    }

    /** Parameters in positional order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The parameters that {@code count} positional arguments bind to: all of them in order, except
     * that a single argument to {@code normal} is its standard deviation, as in {@code normal(0.1)}.
     */
    public List<Parameter> positional(int count) {
        return this == NORMAL && count == 1 ? List.of(parameters.get(1)) : parameters;
    }

    /** Why {@code args} (one per parameter) are unusable, or empty when they are fine. */
    public Optional<String> checkArguments(double[] args) {
        return switch (this) {
            case NORMAL -> args[1] < 0 ? Optional.of("the standard deviation of 'normal' must not be negative")
                    : Optional.empty();
            case UNIFORM -> args[0] > args[1] ? Optional.of("'uniform' needs lo <= hi")
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** True when this initializer draws random numbers (and so depends on the seed). */
    public boolean isRandom() {
        return switch (this) {
            case ZEROS, ONES, CONSTANT -> false;
            default -> true;
        };
    }

    /** The initializer named {@code name}, if any. */
    public static Optional<Initializer> byName(String name) {
        for (Initializer i : values()) {
            if (i.keyword.equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Every accepted name, for "did you mean" suggestions and documentation. */
    public static List<String> allNames() {
        return java.util.Arrays.stream(values()).map(Initializer::keyword).toList();
    }

    /**
     * Fills {@code out} (a weight matrix in row-major order, or a bias vector) with fresh values.
     *
     * @param args one value per {@link #parameters() parameter}, defaults filled in
     */
    public void fill(double[] out, int fanIn, int fanOut, double[] args, NumpyRandom random) {
        switch (this) {
            case ZEROS -> java.util.Arrays.fill(out, 0d);
            case ONES -> java.util.Arrays.fill(out, 1d);
            case CONSTANT -> java.util.Arrays.fill(out, args[0]);
            case NORMAL -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = args[0] + args[1] * random.nextGaussian();
                }
            }
            case UNIFORM -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = random.nextUniform(args[0], args[1]);
                }
            }
            case GLOROT_UNIFORM -> uniformScaled(out, 1d, (fanIn + fanOut) / 2d, random);
            case GLOROT_NORMAL -> truncatedNormalScaled(out, 1d, (fanIn + fanOut) / 2d, random);
            case HE_NORMAL -> truncatedNormalScaled(out, 2d, fanIn, random);
            case HE_UNIFORM -> uniformScaled(out, 2d, fanIn, random);
            case LECUN_NORMAL -> truncatedNormalScaled(out, 1d, fanIn, random);
            case LECUN_UNIFORM -> uniformScaled(out, 1d, fanIn, random);
            default -> throw new AssertionError(this);
        }
    }

    private static void uniformScaled(double[] out, double scale, double n, NumpyRandom random) {
        double limit = Math.sqrt(3d * scale / n);
        for (int i = 0; i < out.length; i++) {
            out[i] = random.nextUniform(-limit, limit);
        }
    }

    private static void truncatedNormalScaled(double[] out, double scale, double n, NumpyRandom random) {
        double std = Math.sqrt(scale / n) / TRUNCATED_NORMAL_STD;
        for (int i = 0; i < out.length; i++) {
            double z;
            do {
                z = random.nextGaussian();
            } while (Math.abs(z) > 2d);
            out[i] = std * z;
        }
    }

    @Override
    public String toString() {
        return keyword.toLowerCase(Locale.ROOT);
    }
}
