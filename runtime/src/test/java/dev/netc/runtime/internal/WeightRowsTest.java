package dev.netc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The weight layouts of generated kernels against the file's row-major (IN, OUT) matrix. */
class WeightRowsTest {
    private static final float[] MATRIX = {1, 2, 3, 4, 5, 6}; // (2, 3)

    @Test
    void rowsSplitTheMatrix() {
        assertThat(WeightRows.rows(MATRIX, 2, 3)).isDeepEqualTo(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(WeightRows.rows(new double[] {1, 2, 3, 4, 5, 6}, 3, 2))
                .isDeepEqualTo(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    }

    @Test
    void flattenUndoesRows() {
        assertThat(WeightRows.flatten(WeightRows.rows(MATRIX, 3, 2))).containsExactly(MATRIX);
    }

    @Test
    void aMatrixOfTheWrongSizeIsRefused() {
        assertThatThrownBy(() -> WeightRows.rows(MATRIX, 4, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a (4, 2) matrix needs 8 values, got 6");
    }
}
