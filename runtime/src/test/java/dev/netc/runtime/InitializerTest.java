package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.netc.runtime.math.Erf;
import dev.netc.runtime.math.NumpyRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Initializer}: NumPy's draws exactly where NumPy defines them (normal, uniform), Keras'
 * rules for the variance-scaling family (checked statistically on 60,000 seeded draws, with
 * tolerances of five standard deviations of the statistic, and exactly against the rejection rule
 * for the truncated normals), and the argument binding the checker relies on.
 */
class InitializerTest {

    /** A 300 x 200 weight matrix: fan_in 300, fan_out 200, 60,000 values. */
    private static final int FAN_IN = 300;
    private static final int FAN_OUT = 200;
    private static final int N = FAN_IN * FAN_OUT;

    /** The standard deviation of a unit normal truncated to [-2, 2], from erf: √(1 − 4φ(2)/erf(√2)). */
    private static final double TRUNCATED_STD =
            Math.sqrt(1 - 4 * Math.exp(-2) / Math.sqrt(2 * Math.PI) / Erf.erf(Math.sqrt(2)));

    @Test
    void allNamesAreTheSpecsKerasNames() {
        assertThat(Initializer.allNames()).containsExactly("zeros", "ones", "constant", "normal", "uniform",
                "glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform");
        for (Initializer i : Initializer.values()) {
            assertThat(Initializer.byName(i.keyword())).contains(i);
            assertThat(i).hasToString(i.keyword());
        }
        assertThat(Initializer.byName("xavier_uniform")).isEmpty();
        assertThat(Initializer.byName("Normal")).isEmpty();
        assertThat(Initializer.byName("random_normal")).isEmpty();
    }

    @Test
    void parametersAndDefaults() {
        assertThat(Initializer.NORMAL.parameters()).containsExactly(new Parameter("mean", 0.0), new Parameter("std", 0.1));
        assertThat(Initializer.UNIFORM.parameters()).containsExactly(new Parameter("lo", -0.05), new Parameter("hi", 0.05));
        assertThat(Initializer.CONSTANT.parameters()).containsExactly(new Parameter("v", 0.0, List.of("value")));
        for (Initializer i : List.of(Initializer.ZEROS, Initializer.ONES, Initializer.GLOROT_UNIFORM,
                Initializer.GLOROT_NORMAL, Initializer.HE_NORMAL, Initializer.HE_UNIFORM, Initializer.LECUN_NORMAL,
                Initializer.LECUN_UNIFORM)) {
            assertThat(i.parameters()).as("%s", i).isEmpty();
        }
    }

    @Test
    void aSingleArgumentToNormalIsItsStandardDeviation() {
        assertThat(Initializer.NORMAL.positional(1)).containsExactly(new Parameter("std", 0.1));
        assertThat(Initializer.NORMAL.positional(2)).containsExactly(new Parameter("mean", 0.0), new Parameter("std", 0.1));
        assertThat(Initializer.NORMAL.positional(0)).isEqualTo(Initializer.NORMAL.parameters());
        assertThat(Initializer.UNIFORM.positional(1)).isEqualTo(Initializer.UNIFORM.parameters());
        assertThat(Initializer.CONSTANT.positional(1)).isEqualTo(Initializer.CONSTANT.parameters());
    }

    @Test
    void checkArgumentsExplainsWhatIsWrong() {
        assertThat(Initializer.NORMAL.checkArguments(new double[] {0, -0.1}))
                .contains("the standard deviation of 'normal' must not be negative");
        assertThat(Initializer.NORMAL.checkArguments(new double[] {5, 0})).isEmpty();
        assertThat(Initializer.NORMAL.checkArguments(new double[] {-5, 0.1})).isEmpty();
        assertThat(Initializer.UNIFORM.checkArguments(new double[] {1, -1})).contains("'uniform' needs lo <= hi");
        assertThat(Initializer.UNIFORM.checkArguments(new double[] {1, 1})).isEmpty();
        assertThat(Initializer.UNIFORM.checkArguments(new double[] {-1, 1})).isEmpty();
        assertThat(Initializer.CONSTANT.checkArguments(new double[] {-1e300})).isEmpty();
        assertThat(Initializer.ZEROS.checkArguments(new double[0])).isEqualTo(Optional.empty());
    }

    /**
     * Arguments that parse as finite doubles can still be unusable: a uniform range wider than the
     * largest double makes NumPy's (and so netc's) draw fail, and values beyond the precision's range
     * would become infinite weights. The checks refuse exactly those, so that every accepted
     * initializer fills finite values of its precision.
     */
    @Test
    void checkArgumentsRefusesArgumentsThatCannotBeDrawnOrStored() {
        assertThatThrownBy(() -> new NumpyRandom(1).nextUniform(-1e308, 1e308))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Initializer.UNIFORM.checkArguments(new double[] {-1e308, 1e308}))
                .hasValueSatisfying(m -> assertThat(m).startsWith("the range of 'uniform' is too wide"));
        assertThat(Initializer.UNIFORM.checkArguments(new double[] {-8e307, 8e307})).isEmpty();
        assertThat(Initializer.UNIFORM.checkArguments(new double[] {-1e39, 1e39}, Precision.FLOAT))
                .contains("the bounds of 'uniform' do not fit a float (at most 3.4028235E38 in magnitude)");
        assertThat(Initializer.CONSTANT.checkArguments(new double[] {-1e300}, Precision.FLOAT))
                .contains("the value of 'constant' does not fit a float (at most 3.4028235E38 in magnitude)");
        assertThat(Initializer.CONSTANT.checkArguments(new double[] {-Float.MAX_VALUE}, Precision.FLOAT)).isEmpty();
        assertThat(Initializer.NORMAL.checkArguments(new double[] {0, 1e308}))
                .hasValueSatisfying(m -> assertThat(m).contains("draws values beyond the largest double"));
        assertThat(Initializer.NORMAL.checkArguments(new double[] {0, 1e37}, Precision.FLOAT)).isEmpty();
        assertThat(Initializer.NORMAL.checkArguments(new double[] {0, 1e38}, Precision.FLOAT)).isPresent();
        assertThat(Initializer.NORMAL.checkArguments(new double[] {Double.NaN, 1})).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"FLOAT, NORMAL, 0, 2.7e37", "FLOAT, NORMAL, -1e38, 1.9e37", "DOUBLE, NORMAL, 0, 1.4e307",
        "FLOAT, UNIFORM, -3.4e38, 3.4e38", "DOUBLE, UNIFORM, -8.9e307, 8.9e307", "FLOAT, CONSTANT, 3.4e38, 0",
        "DOUBLE, CONSTANT, -1.7e308, 0"})
    void theMostExtremeAcceptedArgumentsFillFiniteValues(Precision precision, Initializer init, double a,
            double b) {
        double[] args = init == Initializer.CONSTANT ? new double[] {a} : new double[] {a, b};
        assertThat(init.checkArguments(args, precision)).isEmpty();

        double[] out = new double[200_000];
        init.fill(out, 10, 10, args, new NumpyRandom(7));

        for (double v : out) {
            assertThat(precision == Precision.FLOAT ? Float.isFinite((float) v) : Double.isFinite(v)).isTrue();
        }
    }

    @Test
    void onlyZerosOnesAndConstantAreNotRandom() {
        for (Initializer i : Initializer.values()) {
            boolean constant = i == Initializer.ZEROS || i == Initializer.ONES || i == Initializer.CONSTANT;
            assertThat(i.isRandom()).as("%s", i).isEqualTo(!constant);
        }
    }

    // ------------------------------------------------------------------ exact NumPy streams

    @Test
    void normalStdIsTheTutorialsRandnTimesStd() {
        // np.random.seed(0); 0.1 * np.random.randn(3, 3)
        double[] numpy = {0.1764052345967664, 0.040015720836722335, 0.09787379841057392, 0.2240893199201458,
            0.18675579901499675, -0.0977277879876411, 0.09500884175255894, -0.01513572082976979,
            -0.010321885179355785};
        double[] out = new double[9];
        Initializer.NORMAL.fill(out, 3, 3, InitializerCall.of(Initializer.NORMAL).argumentArray(), new NumpyRandom(0));
        assertThat(out).containsExactly(numpy);
    }

    @Test
    void normalMeanStdIsNumpysNormal() {
        // np.random.seed(0); np.random.normal(1.0, 0.1, 6)
        double[] numpy = {1.1764052345967664, 1.0400157208367222, 1.097873798410574, 1.2240893199201457,
            1.1867557990149968, 0.9022722120123589};
        double[] out = new double[6];
        Initializer.NORMAL.fill(out, 2, 3, new double[] {1.0, 0.1}, new NumpyRandom(0));
        assertThat(out).containsExactly(numpy);
    }

    @Test
    void uniformIsNumpysUniform() {
        // np.random.seed(0); np.random.uniform(-0.5, 2.0, 6)
        double[] numpy = {0.8720337598183119, 1.2879734159310487, 1.0069084401791097, 0.8622079574922421,
            0.5591369983472618, 1.1147352826666403};
        double[] out = new double[6];
        Initializer.UNIFORM.fill(out, 2, 3, new double[] {-0.5, 2.0}, new NumpyRandom(0));
        assertThat(out).containsExactly(numpy);
    }

    @Test
    void constantInitializersFillWithoutDrawingRandomNumbers() {
        NumpyRandom random = new NumpyRandom(0);
        double[] out = {7, 7, 7};
        Initializer.ZEROS.fill(out, 3, 1, new double[0], random);
        assertThat(out).containsExactly(0, 0, 0);
        Initializer.ONES.fill(out, 3, 1, new double[0], random);
        assertThat(out).containsExactly(1, 1, 1);
        Initializer.CONSTANT.fill(out, 3, 1, new double[] {-2.5}, random);
        assertThat(out).containsExactly(-2.5, -2.5, -2.5);
        assertThat(random.nextGaussian()).isEqualTo(new NumpyRandom(0).nextGaussian());
    }

    // ------------------------------------------------------------------ variance scaling (Keras)

    /**
     * U(−limit, limit) with limit = √(3·scale/n). Over 60,000 draws: every value within the limit,
     * the extremes within 0.1% of it (missing that has probability e^-30), the mean within
     * 5σ = 5·limit/√(3N), and E[x²] within 2% of limit²/3 (5.5 standard deviations: its relative
     * standard deviation is √(4/5 − 4/9)·3/√N = 0.37%).
     */
    @ParameterizedTest
    @CsvSource({"glorot_uniform, 1, 250", "he_uniform, 2, 300", "lecun_uniform, 1, 300"})
    void uniformVarianceScaling(String name, double scale, double n) {
        double limit = Math.sqrt(3 * scale / n);
        double[] out = fill(name, 42);
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        double sumSquares = 0;
        for (double v : out) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(limit);
            max = Math.max(max, v);
            min = Math.min(min, v);
            sum += v;
            sumSquares += v * v;
        }
        assertThat(max).isGreaterThan(limit * 0.999);
        assertThat(min).isLessThan(-limit * 0.999);
        assertThat(sum / N).isCloseTo(0, within(5 * limit / Math.sqrt(3.0 * N)));
        assertThat(sumSquares / N / (limit * limit / 3)).isCloseTo(1, within(0.02));
    }

    /**
     * Normal truncated at ±2σ′ with σ′ = √(scale/n) / 0.8796…, so that the values' standard
     * deviation is √(scale/n). Over 60,000 draws: every value within ±2σ′; values are rejected and
     * redrawn, not clipped (under 0.5% within 0.01σ′ of the edge, where rejection puts 0.11% and
     * clipping 4.6%); the mean within five standard deviations; E[x²] within 2.5% of scale/n (its
     * relative standard deviation is 1.17/√N = 0.48%).
     */
    @ParameterizedTest
    @CsvSource({"glorot_normal, 1, 250", "he_normal, 2, 300", "lecun_normal, 1, 300"})
    void truncatedNormalVarianceScaling(String name, double scale, double n) {
        double std = Math.sqrt(scale / n);
        double sigma = std / TRUNCATED_STD;
        double[] out = fill(name, 42);
        int nearEdge = 0;
        double sum = 0;
        double sumSquares = 0;
        double maxAbs = 0;
        for (double v : out) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(2 * sigma * (1 + 1e-12));
            nearEdge += Math.abs(v) > 1.99 * sigma ? 1 : 0;
            maxAbs = Math.max(maxAbs, Math.abs(v));
            sum += v;
            sumSquares += v * v;
        }
        assertThat(maxAbs).isGreaterThan(1.99 * sigma);
        assertThat((double) nearEdge / N).isLessThan(0.005);
        assertThat(sum / N).isCloseTo(0, within(5 * std / Math.sqrt(N)));
        assertThat(sumSquares / N / (std * std)).isCloseTo(1, within(0.025));
    }

    /**
     * The exact rule: each value is σ′·z for the next standard normal z of the stream with |z| <= 2
     * (the others are skipped), σ′ = √(scale/n) divided by the truncated unit normal's standard
     * deviation as Keras does.
     */
    @ParameterizedTest
    @CsvSource({"glorot_normal, 1, 250", "he_normal, 2, 300", "lecun_normal, 1, 300"})
    void truncatedNormalsAreScaledAcceptedDrawsOfTheStream(String name, double scale, double n) {
        double sigma = Math.sqrt(scale / n) / TRUNCATED_STD;
        double[] out = fill(name, 7);
        NumpyRandom stream = new NumpyRandom(7);
        List<Double> rejected = new ArrayList<>();
        for (double v : out) {
            double z = stream.nextGaussian();
            while (Math.abs(z) > 2) {
                rejected.add(z);
                z = stream.nextGaussian();
            }
            assertThat(v / z).isCloseTo(sigma, within(4 * Math.ulp(sigma)));
        }
        // failures before N successes with P(|z| > 2) = p: mean Np/(1-p), standard deviation √(Np)/(1-p)
        double p = 1 - Erf.erf(Math.sqrt(2));
        assertThat((double) rejected.size()).isCloseTo(N * p / (1 - p), within(5 * Math.sqrt(N * p) / (1 - p)));
    }

    private static double[] fill(String name, long seed) {
        double[] out = new double[N];
        Initializer.byName(name).orElseThrow().fill(out, FAN_IN, FAN_OUT, new double[0], new NumpyRandom(seed));
        return out;
    }

    @Test
    void theTruncatedNormalConstantIsKeras() {
        // Keras divides by 0.87962566103423978; check this test's independent value against it
        assertThat(TRUNCATED_STD).isCloseTo(0.87962566103423978, within(1e-15));
    }

    // ------------------------------------------------------------------ InitializerCall

    @Test
    void initializerCallPrintsAsTheLanguageWritesIt() {
        assertThat(InitializerCall.of(Initializer.NORMAL)).hasToString("normal(0, 0.1)");
        assertThat(InitializerCall.of(Initializer.UNIFORM)).hasToString("uniform(-0.05, 0.05)");
        assertThat(InitializerCall.of(Initializer.ZEROS)).hasToString("zeros");
        assertThat(InitializerCall.of(Initializer.HE_NORMAL)).hasToString("he_normal");
        assertThat(new InitializerCall(Initializer.CONSTANT, List.of(2.5))).hasToString("constant(2.5)");
        assertThat(new InitializerCall(Initializer.NORMAL, List.of(1.0, 1e-5))).hasToString("normal(1, 1.0E-5)");
    }

    @Test
    void initializerCallChecksTheArgumentCount() {
        assertThatThrownBy(() -> new InitializerCall(Initializer.NORMAL, List.of(0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("normal takes 2 arguments, got 1");
        assertThatThrownBy(() -> new InitializerCall(Initializer.ZEROS, List.of(0.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("zeros takes 0 arguments, got 1");
    }

    @Test
    void initializerCallArgumentsAreACopy() {
        List<Double> args = new ArrayList<>(List.of(-1.0, 1.0));
        InitializerCall call = new InitializerCall(Initializer.UNIFORM, args);
        args.set(0, 5.0);
        assertThat(call.argumentArray()).containsExactly(-1.0, 1.0);
        assertThatThrownBy(() -> call.arguments().set(0, 3.0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
