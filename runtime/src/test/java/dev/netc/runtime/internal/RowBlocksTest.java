package dev.netc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rows into blocks and back, as generated batch passes hold them. */
class RowBlocksTest {
    @Test
    void gathersRowsFromTheirOffsetsAndFillsTheLastBlockWithZeroRows() {
        float[] flat = {9, 1, 2, 3, 4, 5, 6};
        float[][] x = {flat, flat, flat};
        float[][] blocks = {new float[4], new float[4]};
        blocks[1][2] = 7;
        blocks[1][3] = 7;
        RowBlocks.gather(x, new int[] {1, 3, 5}, 3, 2, blocks, 2);
        assertThat(blocks[0]).containsExactly(1, 2, 3, 4);
        assertThat(blocks[1]).as("row 2, then a zero row").containsExactly(5, 6, 0, 0);

        double[][] d = {{1, 2}, {3, 4}};
        double[][] doubleBlocks = {new double[] {8, 8, 8, 8, 8, 8}};
        RowBlocks.gather(d, new int[2], 2, 2, doubleBlocks, 3);
        assertThat(doubleBlocks[0]).containsExactly(1, 2, 3, 4, 0, 0);
    }

    @Test
    void scattersTheFirstRowsOfTheBlocksToTheirOffsets() {
        float[][] blocks = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        float[][] y = new float[3][2];
        RowBlocks.scatter(blocks, 2, 3, 2, y, new int[3]);
        assertThat(y).isDeepEqualTo(new float[][] {{1, 2}, {3, 4}, {5, 6}});

        // Rows of one flat array, as predictBatch passes them.
        float[] flat = new float[7];
        RowBlocks.scatter(blocks, 2, 3, 2, new float[][] {flat, flat, flat}, new int[] {1, 3, 5});
        assertThat(flat).containsExactly(0, 1, 2, 3, 4, 5, 6);

        double[][] y2 = new double[1][4];
        RowBlocks.scatter(new double[][] {{1, 2, 3, 4, 5, 6}}, 2, 1, 3, y2, new int[] {1});
        assertThat(y2[0]).containsExactly(0, 1, 2, 3);
    }
}
