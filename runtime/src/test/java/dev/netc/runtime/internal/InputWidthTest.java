package dev.netc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The checks of a batch's rows that generated {@code predict} methods call. */
class InputWidthTest {
    @Test
    void aRowThatFitsComesBackAsItIs() {
        float[] floats = new float[3];
        double[] doubles = new double[2];
        assertThat(InputWidth.checkRow(3, floats, 0)).isSameAs(floats);
        assertThat(InputWidth.checkRow(2, doubles, 7)).isSameAs(doubles);
    }

    @Test
    void aNullRowIsNamed() {
        assertThatThrownBy(() -> InputWidth.checkRow(3, (float[]) null, 4))
                .isInstanceOf(NullPointerException.class).hasMessage("row 4 of the batch is null");
        assertThatThrownBy(() -> InputWidth.checkRow(3, (double[]) null, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("row 0 of the batch is null");
    }

    @Test
    void aRowOfAnotherWidthIsNamedWithBothWidths() {
        assertThatThrownBy(() -> InputWidth.checkRow(3, new float[2], 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected inputs of width 3 but row 5 has width 2");
        assertThatThrownBy(() -> InputWidth.checkRow(3, new double[4], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected inputs of width 3 but row 1 has width 4");
    }
}
