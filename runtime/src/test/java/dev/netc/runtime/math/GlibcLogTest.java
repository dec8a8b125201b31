package dev.netc.runtime.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link GlibcLog} against glibc's {@code log} (values from Python's math.log on
 * glibc 2.36, x86-64 with FMA; see {@code src/test/resources/math/make_reference.py}).
 */
class GlibcLogTest {

    @Test
    void bitIdenticalToGlibc() throws IOException {
        int n = 0;
        try (InputStream in = GlibcLogTest.class.getResourceAsStream("/math/log_reference.txt");
                BufferedReader r = new BufferedReader(
                        new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; n++) {
                String[] f = line.split(" ");
                double x = Double.parseDouble(f[0]);
                assertThat(GlibcLog.log(x)).as("log(%s)", x).isEqualTo(Double.parseDouble(f[1]));
            }
        }
        assertThat(n).isGreaterThan(1500);
    }

    @Test
    void specialValues() {
        assertThat(Double.doubleToRawLongBits(GlibcLog.log(1.0))).isZero(); // +0.0
        assertThat(GlibcLog.log(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(GlibcLog.log(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(GlibcLog.log(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(GlibcLog.log(-1.0)).isNaN();
        assertThat(GlibcLog.log(-Double.MIN_VALUE)).isNaN();
        assertThat(GlibcLog.log(Double.NEGATIVE_INFINITY)).isNaN();
        assertThat(GlibcLog.log(Double.NaN)).isNaN();
        assertThat(GlibcLog.log(Double.MIN_VALUE)).isEqualTo(-744.4400719213812);
        assertThat(GlibcLog.log(Double.MAX_VALUE)).isEqualTo(709.782712893384);
    }

    @Test
    void withinOneUlpOfStrictMath() {
        // Both are below 1 ulp of the true value (0.52 and ~0.9), so they are at most one
        // double apart: a check of the port that does not depend on glibc.
        Random random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0
                    ? Double.longBitsToDouble(random.nextLong() >>> 1) // any positive double
                    : 1.0 + (random.nextDouble() - 0.5) * 0.2; // the near-1 path
            if (x == 0 || !Double.isFinite(x)) {
                continue;
            }
            double expected = StrictMath.log(x);
            assertThat(Math.abs(GlibcLog.log(x) - expected)).as("log(%s)", x)
                    .isLessThanOrEqualTo(Math.ulp(expected));
        }
    }
}
