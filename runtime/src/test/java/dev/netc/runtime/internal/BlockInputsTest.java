package dev.netc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each block's inputs whose magnitude is not zero, and where each tile's passes begin. */
class BlockInputsTest {
    /**
     * Ten inputs' sums of magnitudes over a block's rows: inputs 0, 4, 7 and 9 are zero in every
     * row; NaN, infinity and the smallest subnormal are not zero.
     */
    private static final float[] MAGNITUDES = {
        0, 2, Float.MIN_VALUE, 6, 0, Float.NaN, Float.POSITIVE_INFINITY, 0, 1, 0};

    @Test
    void listsTheInputsWhoseMagnitudeIsNotZero() {
        BlockInputs lists = new BlockInputs(2, 10, 3);
        assertThat(lists.list(0, MAGNITUDES, 10, 4, 2, true)).isEqualTo(6);
        assertThat(lists.list(1, new float[10], 10, 4, 2, true)).as("a block of zeros").isZero();
        assertThat(Arrays.copyOf(lists.inputs(0), lists.count(0))).containsExactly(1, 2, 3, 5, 6, 8);
        assertThat(lists.count(1)).isZero();
    }

    @Test
    void tellsWhereEachTilesWholePassesBegin() {
        BlockInputs lists = new BlockInputs(1, 10, 3);
        lists.list(0, MAGNITUDES, 10, 4, 2, true);
        // Tiles 0-3, 4-7 and 8-9 hold listed inputs {1, 2, 3}, {5, 6} and {8}, passes of two: {1, 2}
        // in the first tile, input 3 carried to the second for {3, 5}, input 6 to the third for {6, 8}.
        assertThat(lists.start(0, 0)).isZero();
        assertThat(lists.start(0, 1)).isEqualTo(2);
        assertThat(lists.start(0, 2)).isEqualTo(4);
        assertThat(lists.start(0, 3)).as("where the inputs that fill no pass begin").isEqualTo(6);
        // With input 8 zero, input 6 fills no pass.
        float[] magnitudes = MAGNITUDES.clone();
        magnitudes[8] = 0;
        lists.list(0, magnitudes, 10, 4, 2, true);
        assertThat(lists.count(0)).isEqualTo(5);
        assertThat(lists.start(0, 3)).isEqualTo(4);
    }

    @Test
    void listsEveryInputWhenZerosMayNotBeSkipped() {
        BlockInputs lists = new BlockInputs(1, 10, 3);
        assertThat(lists.list(0, new float[10], 10, 4, 3, false)).isEqualTo(10);
        assertThat(lists.inputs(0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(new int[] {lists.start(0, 1), lists.start(0, 2), lists.start(0, 3)}).containsExactly(3, 6, 9);
    }

    @Test
    void listsDoubleMagnitudesAlike() {
        BlockInputs lists = new BlockInputs(1, 10, 3);
        double[] magnitudes = new double[MAGNITUDES.length];
        for (int i = 0; i < magnitudes.length; i++) {
            magnitudes[i] = MAGNITUDES[i];
        }
        magnitudes[4] = Double.MIN_VALUE;
        assertThat(lists.list(0, magnitudes, 10, 4, 2, true)).isEqualTo(7);
        assertThat(Arrays.copyOf(lists.inputs(0), lists.count(0))).containsExactly(1, 2, 3, 4, 5, 6, 8);
    }
}
