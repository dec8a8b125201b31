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
 *
 * <p>Thread-safe: an enum constant holds no mutable state; {@code fill} draws from the {@link
 * NumpyRandom} it is given, which must not be shared between threads.
 */
public enum Initializer {
    ZEROS("zeros"),
    ONES("ones"),
    CONSTANT("constant", new Parameter("v", 0.0, List.of("value"))),
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

    /**
     * The most standard deviations a draw of {@link NumpyRandom#nextGaussian()} can be from 0: its
     * polar method gives |z| <= sqrt(-2 ln r²) with r² >= 2^-106, about 12.2.
     */
    private static final double MAX_GAUSSIAN = 12.2;

    /** As {@link #checkArguments(double[], Precision)} for a network in double precision. */
    public Optional<String> checkArguments(double[] args) {
        return checkArguments(args, Precision.DOUBLE);
    }

    /**
     * Why {@code args} (one per parameter) are unusable in a network of {@code precision}, or empty
     * when they are fine. Arguments are unusable when {@link #fill} could not draw from them (a
     * {@code uniform} range wider than the largest double) or would give values the precision cannot
     * hold (beyond the largest float or double, which would become infinite weights).
     */
    public Optional<String> checkArguments(double[] args, Precision precision) {
        double max = precision.largest();
        String type = precision.keyword();
        String maxText = precision.largestText();
        for (double arg : args) {
            if (!Double.isFinite(arg)) {
                return Optional.of("the arguments of '" + keyword + "' must be finite numbers");
            }
        }
        return switch (this) {
            case CONSTANT -> Math.abs(args[0]) > max
                    ? Optional.of("the value of 'constant' does not fit a " + type + " (at most " + maxText + " in"
                            + " magnitude)")
                    : Optional.empty();
            case NORMAL -> {
                if (args[1] < 0) {
                    yield Optional.of("the standard deviation of 'normal' must not be negative");
                }
                // A draw is mean + std * z with |z| <= MAX_GAUSSIAN; every one must fit the precision.
                if (Math.abs(args[0]) + MAX_GAUSSIAN * args[1] > max) {
                    yield Optional.of("'normal' with mean " + args[0] + " and standard deviation " + args[1]
                            + " draws values beyond the largest " + type + " (" + maxText + "); |mean| + "
                            + MAX_GAUSSIAN + " * std must be at most that");
                }
                yield Optional.empty();
            }
            case UNIFORM -> {
                if (args[0] > args[1]) {
                    yield Optional.of("'uniform' needs lo <= hi");
                }
                if (!Double.isFinite(args[1] - args[0])) {
                    yield Optional.of("the range of 'uniform' is too wide: hi - lo must be at most the largest"
                            + " double (" + Double.MAX_VALUE + "), as NumPy requires");
                }
                if (Math.max(Math.abs(args[0]), Math.abs(args[1])) > max) {
                    yield Optional.of("the bounds of 'uniform' do not fit a " + type + " (at most " + maxText
                            + " in magnitude)");
                }
                yield Optional.empty();
            }
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
