package dev.netc.runtime.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link Erf} against 200-bit mpmath values made by
 * {@code src/test/resources/math/make_reference.py}.
 */
class ErfTest {

    /**
     * One reference point. The true erf(x) is {@code erfHi + erfLo * Math.ulp(erfHi)}, with
     * erfHi the correctly rounded double and |erfLo| <= 0.5; likewise erfc.
     */
    private record Point(boolean isFloat, double x, double erfHi, double erfLo, double erfcHi,
            double erfcLo) {}

    private static List<Point> points;

    @BeforeAll
    static void load() throws IOException {
        points = new ArrayList<>();
        try (InputStream in = ErfTest.class.getResourceAsStream("/math/erf_reference.txt.gz");
                BufferedReader r = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(in), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                boolean isFloat = f[0].equals("f");
                points.add(new Point(isFloat, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), isFloat ? Double.NaN : Double.parseDouble(f[4]),
                        isFloat ? Double.NaN : Double.parseDouble(f[5])));
            }
        }
        assertThat(points).hasSizeGreaterThan(4000);
    }

    /** Error of {@code computed} in ulps of the true value {@code hi + lo * ulp(hi)}. */
    static double ulpError(double computed, double hi, double lo) {
        // computed - hi is exact (Sterbenz) and ulp(hi) a power of two: no rounding here.
        double err = Math.abs((computed - hi) / Math.ulp(hi) - lo);
        // If hi is a power of two and the truth lies just below it in magnitude, the
        // truth's own ulp is half of ulp(hi).
        boolean truthInBinadeBelow = Math.abs(hi) > Double.MIN_NORMAL
                && (Double.doubleToRawLongBits(hi) & 0x000fffffffffffffL) == 0
                && lo != 0 && Math.signum(lo) != Math.signum(hi);
        return truthInBinadeBelow ? 2 * err : err;
    }

    /** Error of a float result in float ulps of the true value {@code hi + lo * ulp(hi)}. */
    static double floatUlpError(float computed, double hi, double lo) {
        double truth = hi + lo * Math.ulp(hi); // far more precise than a float ulp
        float nearest = (float) truth;
        double ulp = Math.ulp(nearest);
        if (Math.abs(nearest) > Float.MIN_NORMAL
                && (Float.floatToRawIntBits(nearest) & 0x007fffff) == 0
                && Math.abs(truth) < Math.abs(nearest)) {
            ulp /= 2;
        }
        return Math.abs((double) computed - truth) / ulp;
    }

    @Test
    void erfDoubleIsWithinOneUlpOfMpmath() {
        int n = 0;
        for (Point p : points) {
            if (!p.isFloat()) {
                double err = ulpError(Erf.erf(p.x()), p.erfHi(), p.erfLo());
                assertThat(err).as("erf(%s) = %s, true %s", p.x(), Erf.erf(p.x()), p.erfHi())
                        .isLessThanOrEqualTo(1.0);
                n++;
            }
        }
        assertThat(n).isGreaterThan(2500);
    }

    @Test
    void erfcDoubleIsWithinThreeUlpsOfMpmath() {
        // fdlibm's erfc is less accurate than its erf: exp(-z*z - 0.5625) * exp(...) / x
        // rounds four times (about 2.8 ulp at worst; 1.04 ulp below x = 1.25).
        int n = 0;
        for (Point p : points) {
            if (!p.isFloat()) {
                double err = ulpError(Erf.erfc(p.x()), p.erfcHi(), p.erfcLo());
                assertThat(err).as("erfc(%s) = %s, true %s", p.x(), Erf.erfc(p.x()), p.erfcHi())
                        .isLessThanOrEqualTo(3.0);
                n++;
            }
        }
        assertThat(n).isGreaterThan(2500);
    }

    @Test
    void erfFloatIsCorrectlyRounded() {
        // Stricter than the 1-ulp target: rounding the (<= 1 ulp) double result gives the
        // correctly rounded float for every float (checked exhaustively when written).
        int n = 0;
        for (Point p : points) {
            if (p.isFloat()) {
                float x = (float) p.x(); // exact: float points are float32 values
                assertThat((double) x).isEqualTo(p.x());
                double err = floatUlpError(Erf.erf(x), p.erfHi(), p.erfLo());
                assertThat(err).as("erf(%sf) = %s, true %s", x, Erf.erf(x), p.erfHi())
                        .isLessThanOrEqualTo(0.5 + 1e-6);
                n++;
            }
        }
        assertThat(n).isGreaterThan(1500);
    }

    @Test
    void specialValues() {
        assertThat(Erf.erf(0.0)).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(Erf.erf(-0.0)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Erf.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(Erf.erf(Double.NaN)).isNaN();
        assertThat(Erf.erf(6.0)).isEqualTo(1.0);
        assertThat(Erf.erf(-6.0)).isEqualTo(-1.0);
        assertThat(Erf.erf(5.95)).isEqualTo(1.0); // erfc(5.95) < ulp(1)/4
        assertThat(Erf.erf(Double.MAX_VALUE)).isEqualTo(1.0);

        assertThat(Erf.erf(0.0f)).isEqualTo(0.0f);
        assertThat(Float.floatToRawIntBits(Erf.erf(-0.0f)))
                .isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Erf.erf(Float.POSITIVE_INFINITY)).isEqualTo(1.0f);
        assertThat(Erf.erf(Float.NEGATIVE_INFINITY)).isEqualTo(-1.0f);
        assertThat(Erf.erf(Float.NaN)).isNaN();
        assertThat(Erf.erf(4.0f)).isEqualTo(1.0f); // erfc(4) ~ 1.5e-8 < ulp(1f)/4
        assertThat(Erf.erf(-6.0f)).isEqualTo(-1.0f);

        assertThat(Erf.erfc(0.0)).isEqualTo(1.0);
        assertThat(Erf.erfc(-0.0)).isEqualTo(1.0);
        assertThat(Erf.erfc(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Erf.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2.0);
        assertThat(Erf.erfc(Double.NaN)).isNaN();
        assertThat(Erf.erfc(28.0)).isEqualTo(0.0);
        assertThat(Erf.erfc(-6.0)).isEqualTo(2.0);
        assertThat(Erf.erfc(-28.0)).isEqualTo(2.0);
        assertThat(Erf.erfc(26.0)).isGreaterThan(0.0); // ~5.7e-296, still normal
    }

    @Test
    void tinyArgumentsGiveTwoOverSqrtPiTimesX() {
        double twoOverSqrtPi = 1.1283791670955126; // 2/sqrt(pi) rounded
        for (double x : new double[] {1e-300, 1e-100, 1e-20, 3.7e-9, 2.0e-9}) {
            // erf(x) = 2x/sqrt(pi) * (1 - x^2/3 + ...), and x^2/3 < 2^-55 here.
            assertThat(Math.abs(Erf.erf(x) - twoOverSqrtPi * x)).isLessThanOrEqualTo(Math.ulp(Erf.erf(x)));
            assertThat(Erf.erf(-x)).isEqualTo(-Erf.erf(x));
        }
        // Subnormals keep their precision: no flush to zero, no spurious scaling error.
        assertThat(Erf.erf(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE); // 1.128 * 2^-1074
        for (long m : new long[] {2, 4, 7, 1000, 123456789, 1L << 51}) {
            double x = m * Double.MIN_VALUE;
            assertThat(Math.abs(Erf.erf(x) - twoOverSqrtPi * x)).isLessThanOrEqualTo(Double.MIN_VALUE);
        }
        assertThat(Erf.erf(-Double.MIN_VALUE)).isEqualTo(-Double.MIN_VALUE);
        assertThat(Erf.erf(Float.MIN_VALUE)).isEqualTo(Float.MIN_VALUE);
        assertThat(Erf.erf(3 * Float.MIN_VALUE)).isEqualTo(3 * Float.MIN_VALUE); // 3.39 -> 3
    }

    @Test
    void erfIsOdd() {
        java.util.Random random = new java.util.Random(12);
        for (int i = 0; i < 20000; i++) {
            // Spread over many binades: |x| from ~1e-12 up to ~30.
            double x = Math.scalb(random.nextDouble(), random.nextInt(45) - 40);
            assertThat(Erf.erf(-x)).isEqualTo(-Erf.erf(x));
            float xf = (float) x;
            assertThat(Erf.erf(-xf)).isEqualTo(-Erf.erf(xf));
        }
        for (Point p : points) {
            assertThat(Erf.erf(-p.x())).isEqualTo(-Erf.erf(p.x()));
        }
    }

    @Test
    void erfPlusErfcIsOne() {
        // A consistency check across the branches the two functions share.
        for (Point p : points) {
            if (!p.isFloat() && Math.abs(p.x()) < 6) {
                double sum = Erf.erf(p.x()) + Erf.erfc(p.x());
                assertThat(Math.abs(sum - 1.0)).as("x=%s", p.x()).isLessThanOrEqualTo(4 * Math.ulp(1.0));
            }
        }
    }
}
