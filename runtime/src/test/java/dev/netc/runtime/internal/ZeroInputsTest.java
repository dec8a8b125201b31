package dev.netc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The inputs a pass reads, and when it may skip the others. */
class ZeroInputsTest {
    @Test
    void listsTheInputsThatAreNotZeroInOrderFromTheOffset() {
        float[] x = {9, 9, 0, 1.5f, -0f, Float.NaN, 0, -2, Float.MIN_VALUE};
        int[] into = new int[7];
        int count = ZeroInputs.indices(x, 2, 7, into, true);
        assertThat(Arrays.copyOf(into, count)).containsExactly(1, 3, 5, 6);
        double[] d = {0, 0, -0d, 3};
        assertThat(ZeroInputs.indices(d, 0, 4, into, true)).isEqualTo(1);
        assertThat(into[0]).isEqualTo(3);
    }

    @Test
    void listsEveryInputWhenZerosMayNotBeSkipped() {
        int[] into = new int[4];
        assertThat(ZeroInputs.indices(new float[] {0, 0, 1, 0}, 0, 4, into, false)).isEqualTo(4);
        assertThat(into).containsExactly(0, 1, 2, 3);
        assertThat(ZeroInputs.indices(new double[] {0, 0, 0}, 0, 3, into, false)).isEqualTo(3);
    }

    @Test
    void zerosMayBeSkippedOnlyWhenEveryWeightIsFinite() {
        assertThat(ZeroInputs.finite(new float[][] {{1, -Float.MAX_VALUE}, {0}})).isTrue();
        assertThat(ZeroInputs.finite(new float[][] {{1, 2}, {Float.NEGATIVE_INFINITY}})).isFalse();
        assertThat(ZeroInputs.finite(new double[][] {{Double.NaN}})).isFalse();
        assertThat(ZeroInputs.finite(new double[][] {{Double.MAX_VALUE}})).isTrue();
    }
}
