package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Tests every formula of {@link Activations} against 256-bit mpmath values of the mathematical
 * function (the spec's definition, not the implementation's formula) made by
 * {@code src/test/resources/reference/make_reference.py}: about 400 arguments per function and
 * precision (14 element-wise functions, 11,200 points), from 1e-300 past the overflow thresholds of
 * exp in both precisions up to 1.7e308, and 37 rows per precision for softmax and log_softmax (huge
 * logits, -inf, one element, equal elements, random rows).
 *
 * <p>Bounds are in ulps of the true value. Each is derived from the operations the formula uses:
 * every IEEE operation rounds to within 0.5 ulp, {@link Math#exp}, {@link Math#expm1} and
 * {@link Math#log1p} are within 1 ulp and {@link Math#tanh} within 2.5 ulps (their Javadoc). A float
 * function that computes in double and rounds once is within 0.5 ulp + 2^-20 ulp of the truth
 * (correctly rounded unless the truth lies within 2^-20 ulp of a midpoint between two floats),
 * which is the class's "correctly rounded or within one ulp".
 */
class ActivationsAccuracyTest {

    /** One reference point: {@code name} at {@code x} is {@code hi + lo * ulp(hi)}. */
    private record Point(boolean isFloat, String name, double x, double hi, double lo) {
        double truth() {
            return Ulps.truth(hi, lo);
        }
    }

    /** One softmax or log_softmax row and its true values. */
    private record Row(boolean isFloat, String name, double[] x, double[] hi, double[] lo) {}

    private interface FloatOp {
        float apply(float x);
    }

    private static final double HALF_ULP_PLUS = 0.5 + 0x1p-20;

    private static final Map<String, DoubleUnaryOperator> DOUBLE = new LinkedHashMap<>();
    private static final Map<String, FloatOp> FLOAT = new LinkedHashMap<>();

    static {
        DOUBLE.put("elu:1.0", x -> Activations.elu(x, 1.0));
        DOUBLE.put("elu:0.5", x -> Activations.elu(x, 0.5));
        DOUBLE.put("selu", Activations::selu);
        DOUBLE.put("sigmoid", Activations::sigmoid);
        DOUBLE.put("hard_sigmoid", Activations::hardSigmoid);
        DOUBLE.put("tanh", Activations::tanh);
        DOUBLE.put("softplus", Activations::softplus);
        DOUBLE.put("softsign", Activations::softsign);
        DOUBLE.put("silu", Activations::silu);
        DOUBLE.put("hard_silu", Activations::hardSilu);
        DOUBLE.put("gelu", Activations::gelu);
        DOUBLE.put("gelu_tanh", Activations::geluTanh);
        DOUBLE.put("mish", Activations::mish);
        DOUBLE.put("exponential", Activations::exponential);
        FLOAT.put("elu:1.0", x -> Activations.elu(x, 1.0f));
        FLOAT.put("elu:0.5", x -> Activations.elu(x, 0.5f));
        FLOAT.put("selu", Activations::selu);
        FLOAT.put("sigmoid", Activations::sigmoid);
        FLOAT.put("hard_sigmoid", Activations::hardSigmoid);
        FLOAT.put("tanh", Activations::tanh);
        FLOAT.put("softplus", Activations::softplus);
        FLOAT.put("softsign", Activations::softsign);
        FLOAT.put("silu", Activations::silu);
        FLOAT.put("hard_silu", Activations::hardSilu);
        FLOAT.put("gelu", Activations::gelu);
        FLOAT.put("gelu_tanh", Activations::geluTanh);
        FLOAT.put("mish", Activations::mish);
        FLOAT.put("exponential", Activations::exponential);
    }

    private static List<Point> points;
    private static List<Row> rows;

    @BeforeAll
    static void load() throws IOException {
        points = new ArrayList<>();
        try (InputStream in = ActivationsAccuracyTest.class.getResourceAsStream("/reference/activations.txt.gz");
                BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                        StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                points.add(new Point(f[0].equals("f"), f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4])));
            }
        }
        rows = new ArrayList<>();
        try (InputStream in = ActivationsAccuracyTest.class.getResourceAsStream("/reference/activation_rows.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                int n = Integer.parseInt(f[2]);
                double[] x = new double[n];
                double[] hi = new double[n];
                double[] lo = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = Double.parseDouble(f[3 + i]);
                    hi[i] = Double.parseDouble(f[3 + n + 2 * i]);
                    lo[i] = Double.parseDouble(f[4 + n + 2 * i]);
                }
                rows.add(new Row(f[0].equals("f"), f[1], x, hi, lo));
            }
        }
        assertThat(points).hasSizeGreaterThan(11_000);
        assertThat(rows).hasSize(2 * 2 * 37);
        assertThat(points.stream().map(Point::name).distinct()).containsExactlyInAnyOrderElementsOf(DOUBLE.keySet());
    }

    // ------------------------------------------------------------------ element-wise, double

    /**
     * The bound for a double result, in ulps; NaN where {@link #absoluteBound} applies instead.
     * Regions with a known defect are left to {@link KnownDefects}.
     */
    private static double doubleUlpBound(Point p) {
        double x = p.x();
        return switch (p.name()) {
            case "exponential" -> 1; // Math.exp
            case "elu:1.0", "elu:0.5" -> 1.5; // expm1, one product
            case "selu", "sigmoid", "softplus", "softsign" -> 2; // two or three roundings after a 1-ulp function
            case "tanh" -> 2.5; // Math.tanh's documented bound
            // sigmoid (2) and one product; below the normal range the subnormal sigmoid loses bits
            case "silu" -> subnormal(p) ? Double.NaN : 2.5;
            // softplus (2), tanh (2.5, condition number <= 1), one product
            case "mish" -> subnormal(p) ? Double.NaN : 5;
            // x * SQRT_HALF is rounded (and the constant is): erfc's condition number 2t^2 = x^2
            // multiplies that error in the negative tail
            case "gelu" -> 4 + 2 * x * x;
            // x * sigmoid(2y): the negative tail is checked with its own bound below
            case "gelu_tanh" -> x >= 0 ? 4 : Double.NaN;
            // (x + 3) is exact near -3 (Sterbenz), then one division
            case "hard_sigmoid" -> 1;
            case "hard_silu" -> 1.5;
            default -> throw new AssertionError(p.name());
        };
    }

    /** The absolute error allowed where {@link #doubleUlpBound} is NaN, given the unit roundoff. */
    private static double absoluteBound(Point p, double u) {
        return switch (p.name()) {
            // the subnormal sigmoid(x) or softplus(x) is off by at most one subnormal ulp, times |x|
            case "silu", "mish" -> (Math.abs(p.x()) + 1) * Double.MIN_VALUE;
            case "gelu_tanh" -> Double.NaN;
            default -> throw new AssertionError(p.name());
        };
    }

    private static boolean subnormal(Point p) {
        return Math.abs(p.truth()) < Double.MIN_NORMAL;
    }

    @TestFactory
    Stream<DynamicTest> doubleResultsAreWithinTheirBoundOfTheTrueValue() {
        return DOUBLE.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            int checked = 0;
            for (Point p : points) {
                if (p.isFloat() || !p.name().equals(name)) {
                    continue;
                }
                double got = DOUBLE.get(name).applyAsDouble(p.x());
                double ulps = doubleUlpBound(p);
                if (!Double.isNaN(ulps)) {
                    assertThat(Ulps.doubleError(got, p.hi(), p.lo()))
                            .as("%s(%s) = %s, true value %s", name, p.x(), got, p.truth())
                            .isLessThanOrEqualTo(ulps);
                    checked++;
                } else if (!Double.isNaN(absoluteBound(p, 0x1p-53))) {
                    assertThat(Math.abs(got - p.truth()))
                            .as("%s(%s) = %s, true value %s", name, p.x(), got, p.truth())
                            .isLessThanOrEqualTo(absoluteBound(p, 0x1p-53));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(200);
        }));
    }

    // ------------------------------------------------------------------ element-wise, float

    /** The bound for a float result, in float ulps; NaN where {@link #absoluteBound} applies. */
    private static double floatUlpBound(Point p) {
        return switch (p.name()) {
            // computed in double, rounded once
            case "hard_sigmoid", "hard_silu" -> HALF_ULP_PLUS;
            // fl(x / fl(1 + |x|)) in float: relative error < 2 * 2^-24, so under 2 ulps
            case "softsign" -> 2;
            // computed in double (<= 4 double ulps for x >= 0, and the cancellation stays below
            // 2^29 double ulps down to x = -5), rounded once: the class's "within one ulp"
            case "gelu_tanh" -> 1;
            // everything else computes in double and rounds once
            default -> HALF_ULP_PLUS;
        };
    }

    @TestFactory
    Stream<DynamicTest> floatResultsAreCorrectlyRoundedOrWithinTheirBound() {
        return FLOAT.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            int checked = 0;
            for (Point p : points) {
                if (!p.isFloat() || !p.name().equals(name)) {
                    continue;
                }
                float x = (float) p.x();
                assertThat((double) x).isEqualTo(p.x());
                float got = FLOAT.get(name).apply(x);
                double ulps = floatUlpBound(p);
                if (!Double.isNaN(ulps)) {
                    assertThat(Ulps.floatError(got, p.hi(), p.lo()))
                            .as("%s(%sf) = %sf, true value %s", name, x, got, p.truth())
                            .isLessThanOrEqualTo(ulps);
                    checked++;
                } else if (!Double.isNaN(absoluteBound(p, 0x1p-24))) {
                    assertThat(Math.abs(got - p.truth()))
                            .as("%s(%sf) = %sf, true value %s", name, x, got, p.truth())
                            .isLessThanOrEqualTo(absoluteBound(p, 0x1p-24));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(250);
        }));
    }

    /** The float version is the double version rounded once, wherever the class says it computes in double. */
    @Test
    void floatTranscendentalsAreTheDoubleResultRoundedOnce() {
        for (Point p : points) {
            String name = p.name();
            if (!p.isFloat() || name.startsWith("hard_") || name.equals("softsign")) {
                continue;
            }
            float x = (float) p.x();
            assertThat(FLOAT.get(name).apply(x)).as("%s(%sf)", name, x)
                    .isEqualTo((float) DOUBLE.get(name).applyAsDouble(x));
        }
    }

    // ------------------------------------------------------------------ row-wise

    /**
     * softmax: each e^(x−max) is off by |x−max| ulps from rounding x−max (exp's condition number
     * is |x−max|), the sum by the weighted mean of those, plus a few roundings: at most
     * 2 + n + 2|d_i| + 2 Σ p_j |d_j| ulps with d = x − max and p the true probabilities.
     */
    @TestFactory
    Stream<DynamicTest> softmaxRowsAreWithinTheirBound() {
        return rows.stream().filter(r -> r.name().equals("softmax")).map(r -> DynamicTest.dynamicTest(
                (r.isFloat() ? "float " : "double ") + shortString(r.x()), () -> {
                    double[] got = run(r);
                    double max = Arrays.stream(r.x()).max().orElseThrow();
                    double weighted = 0;
                    for (int j = 0; j < r.x().length; j++) {
                        weighted += r.x()[j] == Double.NEGATIVE_INFINITY ? 0 : r.hi()[j] * (max - r.x()[j]);
                    }
                    for (int i = 0; i < got.length; i++) {
                        String what = String.format("softmax %s [%d] = %s, true %s", shortString(r.x()), i, got[i],
                                Ulps.truth(r.hi()[i], r.lo()[i]));
                        if (r.x()[i] == Double.NEGATIVE_INFINITY) {
                            assertThat(got[i]).as(what).isEqualTo(0.0);
                            continue;
                        }
                        double bound = 2 + r.x().length + 2 * (max - r.x()[i]) + 2 * weighted;
                        double err = r.isFloat() ? Ulps.floatError((float) got[i], r.hi()[i], r.lo()[i])
                                : Ulps.doubleError(got[i], r.hi()[i], r.lo()[i]);
                        assertThat(err).as(what).isLessThanOrEqualTo(bound);
                    }
                }));
    }

    /**
     * log_softmax = (x − max) − ln Σ e^(x−max): the difference and the subtraction round (1.5 ulp of
     * the result), ln Σ carries the sum's relative error as an absolute one: at most
     * 1.5 ulp(y) + u (n + 2 + 2 Σ p_j |d_j|), u the unit roundoff.
     */
    @TestFactory
    Stream<DynamicTest> logSoftmaxRowsAreWithinTheirBound() {
        return rows.stream().filter(r -> r.name().equals("log_softmax")).map(r -> DynamicTest.dynamicTest(
                (r.isFloat() ? "float " : "double ") + shortString(r.x()), () -> {
                    double[] got = run(r);
                    double max = Arrays.stream(r.x()).max().orElseThrow();
                    double weighted = 0;
                    for (int j = 0; j < r.x().length; j++) {
                        weighted += r.x()[j] == Double.NEGATIVE_INFINITY ? 0
                                : Math.exp(Ulps.truth(r.hi()[j], r.lo()[j])) * (max - r.x()[j]);
                    }
                    double u = r.isFloat() ? 0x1p-24 : 0x1p-53;
                    for (int i = 0; i < got.length; i++) {
                        double truth = Ulps.truth(r.hi()[i], r.lo()[i]);
                        String what = String.format("log_softmax %s [%d] = %s, true %s", shortString(r.x()), i,
                                got[i], truth);
                        if (r.x()[i] == Double.NEGATIVE_INFINITY) {
                            assertThat(got[i]).as(what).isEqualTo(Double.NEGATIVE_INFINITY);
                            continue;
                        }
                        if (r.isFloat() && Float.isInfinite((float) truth)) {
                            // beyond the float range: the float result must be that infinity
                            assertThat(got[i]).as(what).isEqualTo((double) (float) truth);
                            continue;
                        }
                        double ulp = r.isFloat() ? Math.ulp((float) truth) : Math.ulp(truth);
                        double bound = 1.5 * ulp + u * (r.x().length + 2 + 2 * weighted);
                        assertThat(Math.abs(got[i] - truth)).as(what).isLessThanOrEqualTo(bound);
                    }
                }));
    }

    /** Runs the row through the float or double method, in the middle of a larger array. */
    private static double[] run(Row r) {
        int n = r.x().length;
        if (r.isFloat()) {
            float[] v = new float[n + 3];
            Arrays.fill(v, 7f);
            for (int i = 0; i < n; i++) {
                v[2 + i] = (float) r.x()[i];
            }
            if (r.name().equals("softmax")) {
                Activations.softmax(v, 2, n);
            } else {
                Activations.logSoftmax(v, 2, n);
            }
            assertThat(new float[] {v[0], v[1], v[n + 2]}).as("outside the row").containsExactly(7f, 7f, 7f);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = v[2 + i];
            }
            return out;
        }
        double[] v = new double[n + 3];
        Arrays.fill(v, 7d);
        System.arraycopy(r.x(), 0, v, 2, n);
        if (r.name().equals("softmax")) {
            Activations.softmax(v, 2, n);
        } else {
            Activations.logSoftmax(v, 2, n);
        }
        assertThat(new double[] {v[0], v[1], v[n + 2]}).as("outside the row").containsExactly(7d, 7d, 7d);
        return Arrays.copyOfRange(v, 2, n + 2);
    }

    private static String shortString(double[] x) {
        String s = Arrays.toString(x);
        return s.length() > 60 ? s.substring(0, 57) + "...(" + x.length + ")" : s;
    }

    // ------------------------------------------------------------------ the negative tail of gelu_tanh

    /** gelu_tanh keeps its accuracy where 1 + tanh(y) would cancel (it is computed as x * sigmoid(2y)). */
    @Test
    void geluTanhKeepsItsAccuracyInTheNegativeTail() {
        for (Point p : points) {
            if (!p.name().equals("gelu_tanh")) {
                continue;
            }
            if (p.isFloat()) {
                float x = (float) p.x();
                assertThat(Ulps.floatError(Activations.geluTanh(x), p.hi(), p.lo())).as("gelu_tanh(%sf)", x)
                        .isLessThanOrEqualTo(1.0);
            } else if (!subnormal(p)) {
                // e^(2y) has condition number |2y|: the rounding of y costs up to |2y| ulps
                double y = Math.sqrt(2 / Math.PI) * (p.x() + 0.044715 * p.x() * p.x() * p.x());
                assertThat(Ulps.doubleError(Activations.geluTanh(p.x()), p.hi(), p.lo())).as("gelu_tanh(%s)", p.x())
                        .isLessThanOrEqualTo(8 + 2 * Math.abs(2 * y));
            }
        }
    }
}
