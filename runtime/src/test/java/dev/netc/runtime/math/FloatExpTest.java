package dev.netc.runtime.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FloatExpTest {

    /** Every 61st float between the underflow and overflow limits, about 35 million of them. */
    @Test
    void withinOneUlpOfTheDoubleExponentialRounded() {
        int worst = 0;
        float worstAt = 0;
        for (int bits = Float.floatToRawIntBits(-104f); bits < 0 && bits > Integer.MIN_VALUE; bits -= 61) {
            worst = Math.max(worst, check(Float.intBitsToFloat(bits)));
        }
        for (int bits = 0; Float.intBitsToFloat(bits) < 88.8f; bits += 61) {
            int ulps = check(Float.intBitsToFloat(bits));
            if (ulps > worst) {
                worst = ulps;
                worstAt = Float.intBitsToFloat(bits);
            }
        }
        assertThat(worst).as("worst at %s", worstAt).isLessThanOrEqualTo(1);
    }

    /** Rounding k by adding 1.5·2⁵² gives exactly what {@code Math.rint} gives, so every result is unchanged. */
    @Test
    void sameBitsAsWithMathRint() {
        for (int bits = Float.floatToRawIntBits(-104f); bits < 0 && bits > Integer.MIN_VALUE; bits -= 61) {
            float x = Float.intBitsToFloat(bits);
            assertThat(FloatExp.exp(x)).as("exp(%s)", x).isEqualTo(withRint(x));
        }
        for (int bits = 0; Float.intBitsToFloat(bits) < 88.72f; bits += 61) {
            float x = Float.intBitsToFloat(bits);
            assertThat(FloatExp.exp(x)).as("exp(%s)", x).isEqualTo(withRint(x));
        }
    }

    /** The same reduction and polynomial with k from {@code Math.rint}. */
    private static float withRint(float x) {
        double k = Math.rint(x * 1.4426950408889634);
        double r = x - k * 0.6931471805599453;
        double r2 = r * r;
        double r4 = r2 * r2;
        double low = (1 + r) + r2 * (1.0 / 2 + r * (1.0 / 6));
        double high = (1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720 + r * (1.0 / 5040));
        return (float) ((low + r4 * high) * Double.longBitsToDouble((long) (k + 1023) << 52));
    }

    /** Every 61st float in range: the unrounded exponential is far closer to e^x than a float ulp (6·10⁻⁸). */
    @Test
    void unroundedIsWithinARelativeTenToTheMinusEight() {
        double worst = 0;
        for (int bits = Float.floatToRawIntBits(-103.99f); bits < 0 && bits > Integer.MIN_VALUE; bits -= 61) {
            worst = Math.max(worst, relativeErrorOfUnrounded(Float.intBitsToFloat(bits)));
        }
        for (int bits = 0; Float.intBitsToFloat(bits) < 88.72f; bits += 61) {
            worst = Math.max(worst, relativeErrorOfUnrounded(Float.intBitsToFloat(bits)));
        }
        assertThat(worst).isLessThan(1e-8);
        assertThat(FloatExp.expUnrounded(Float.NaN)).isNaN();
        assertThat(FloatExp.expUnrounded(Float.NEGATIVE_INFINITY)).isEqualTo(0d);
        assertThat(FloatExp.expUnrounded(-104f)).isEqualTo(0d);
        assertThat(FloatExp.expUnrounded(89f)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    /** |expUnrounded(x) − e^x| / e^x. */
    private static double relativeErrorOfUnrounded(float x) {
        double exact = Math.exp(x);
        return Math.abs(FloatExp.expUnrounded(x) - exact) / exact;
    }

    @Test
    void specialValues() {
        assertThat(FloatExp.exp(0f)).isEqualTo(1f);
        assertThat(FloatExp.exp(Float.NaN)).isNaN();
        assertThat(FloatExp.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(FloatExp.exp(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatExp.exp(89f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatExp.exp(88.72f)).isEqualTo((float) Math.exp(88.72f));
        assertThat(FloatExp.exp(-103.9f)).isEqualTo((float) Math.exp(-103.9f));
        assertThat(FloatExp.exp(-104f)).isEqualTo(0f);
        assertThat(FloatExp.exp(-1e-30f)).isEqualTo(1f);
    }

    private static int check(float x) {
        float expected = (float) Math.exp(x);
        float actual = FloatExp.exp(x);
        return Math.abs(Float.floatToIntBits(actual) - Float.floatToIntBits(expected));
    }
}
