package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.internal.JitVectorizer;
import org.junit.jupiter.api.Test;

/**
 * The shape of generated batch passes: the default kernel's blocks of four rows taking three inputs
 * each, and the Vector API kernel's looped layers, which hold both groupings of rows as separate
 * arrays and run the one {@link JitVectorizer} picks. The build runs the equality tests once with
 * each.
 */
class BatchPassFormTest {
    private static final Architecture MID = Networks.parse("mid.net", "dense 30 -> 20 relu; dense 20 -> 3;");

    @Test
    void theFormFollowsTheSystemPropertyWhenSet() {
        String property = System.getProperty(JitVectorizer.SHARED_WEIGHT_LOADS_PROPERTY);
        boolean expected = property != null ? Boolean.parseBoolean(property) : Runtime.version().feature() >= 25;
        assertThat(JitVectorizer.SHARED_WEIGHT_LOADS).isEqualTo(expected);
    }

    @Test
    void defaultBatchPassesTakeThreeInputsOfFourRowsOfABlockWithEachWeightLoadedOnce() {
        String source = NetworkGenerator.generate(MID, "gen", false, "mid.net").toString();
        assertThat(source).contains("RowBlocks.gather(x, xo, rows, 30, workspace.blocksA, 4);")
                .contains("float x3_2 = xb[90 + i + 2];")
                .contains("float v2 = w2[j];")
                .contains("yb[j + 60] = Math.fma(x3_2, v2, Math.fma(x3_1, v1, Math.fma(x3_0, v0, yb[j + 60])));")
                .contains("RowBlocks.scatter(workspace.blocksA, 4, rows, 3, y);")
                .doesNotContain("JitVectorizer");
    }

    @Test
    void vectorApiLoopedLayersLoadEachWeightOnceInTheGroupingOfEachJdk() {
        // 20 outputs: narrower than a block of the Vector API kernel, so its layer runs the looped passes.
        String source = NetworkGenerator.generate(MID, "gen", false, "mid.net", new GeneratorOptions(true)).toString();
        assertThat(source).contains("if (JitVectorizer.SHARED_WEIGHT_LOADS) {\n");
        // JDK 25: two rows of four inputs, each weight loaded into a local once.
        assertThat(source).contains("for (; r + 1 < rows; r += 2) {").contains("float v3 = w3[j];")
                .contains("y1[j] = Math.fma(x1_3, v3, Math.fma(x1_2, v2, Math.fma(x1_1, v1,"
                        + " Math.fma(x1_0, v0, y1[j]))));");
        // JDK 17: three rows of two inputs.
        assertThat(source).contains("for (; r + 2 < rows; r += 3) {")
                .contains("y2[j] = Math.fma(x2_1, v1, Math.fma(x2_0, v0, y2[j]));");
        // One row at a time (leftover rows, single samples) reads the weight rows directly.
        assertThat(source).contains("for (; r < rows; r++) {")
                .contains("y0[j] = Math.fma(x0_3, w3[j], Math.fma(x0_2, w2[j],")
                .contains("y[j] = Math.fma(x0_5, w5[j],");
        assertThat(source).doesNotContain("y1[j] = Math.fma(x1_3, w3[j]");
    }
}
