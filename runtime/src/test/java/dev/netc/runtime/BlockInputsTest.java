package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each block's inputs that are not zero in some row, and where each tile's passes begin. */
class BlockInputsTest {
    /** Two rows of ten inputs, back to back: inputs 0, 4, 7 and 9 are zero (or -0) in both rows. */
    private static final float[] BLOCK = {
        0, 1, 0, -3, 0, Float.NaN, 2, 0, 1, -0f,
        -0f, -1, Float.MIN_VALUE, 3, 0, 0, 0, 0, 0, 0};

    @Test
    void listsTheInputsNotZeroInSomeRowEvenWhereTheRowsCancel() {
        BlockInputs lists = new BlockInputs(2, 10, 3);
        float[][] blocks = {BLOCK, new float[20]};
        assertThat(lists.list(blocks, 2, 2, 10, 4, 2, true)).as("listed over both blocks").isEqualTo(6);
        // Input 1 is 1 and -1, input 3 -3 and 3: their sum is zero, but neither row is.
        assertThat(Arrays.copyOf(lists.inputs(0), lists.count(0))).containsExactly(1, 2, 3, 5, 6, 8);
        assertThat(lists.count(1)).as("a block of zeros").isZero();
    }

    @Test
    void tellsWhereEachTilesWholePassesBegin() {
        BlockInputs lists = new BlockInputs(1, 10, 3);
        lists.list(new float[][] {BLOCK}, 1, 2, 10, 4, 2, true);
        // Tiles 0-3, 4-7 and 8-9 hold listed inputs {1, 2, 3}, {5, 6} and {8}, passes of two: {1, 2}
        // in the first tile, input 3 carried to the second for {3, 5}, input 6 to the third for {6, 8}.
        assertThat(lists.start(0, 0)).isZero();
        assertThat(lists.start(0, 1)).isEqualTo(2);
        assertThat(lists.start(0, 2)).isEqualTo(4);
        assertThat(lists.start(0, 3)).as("where the inputs that fill no pass begin").isEqualTo(6);
        // With input 8 zero, input 6 fills no pass.
        float[] block = BLOCK.clone();
        block[8] = 0;
        lists.list(new float[][] {block}, 1, 2, 10, 4, 2, true);
        assertThat(lists.count(0)).isEqualTo(5);
        assertThat(lists.start(0, 3)).isEqualTo(4);
    }

    @Test
    void listsEveryInputWhenZerosMayNotBeSkipped() {
        BlockInputs lists = new BlockInputs(1, 10, 3);
        assertThat(lists.list(new float[][] {new float[20]}, 1, 2, 10, 4, 3, false)).isEqualTo(10);
        assertThat(lists.inputs(0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(new int[] {lists.start(0, 1), lists.start(0, 2), lists.start(0, 3)}).containsExactly(3, 6, 9);
    }

    @Test
    void listsDoubleBlocksAlike() {
        BlockInputs lists = new BlockInputs(1, 10, 3);
        double[] block = new double[BLOCK.length];
        for (int i = 0; i < block.length; i++) {
            block[i] = BLOCK[i];
        }
        block[14] = Double.MIN_VALUE;
        assertThat(lists.list(new double[][] {block}, 1, 2, 10, 4, 2, true)).isEqualTo(7);
        assertThat(Arrays.copyOf(lists.inputs(0), lists.count(0))).containsExactly(1, 2, 3, 4, 5, 6, 8);
    }
}
