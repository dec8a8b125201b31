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
