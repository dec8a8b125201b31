package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The shape of generated batch passes: the looped kernel's blocks of four rows taking three inputs
 * each, and the run-time switch to the Vector API's products.
 */
class BatchPassFormTest {
    private static final Architecture MID = Networks.parse("mid.net", "dense 30 -> 20 relu; dense 20 -> 3;");

    @Test
    void defaultBatchPassesTakeThreeInputsOfFourRowsOfABlockWithEachWeightLoadedOnce() {
        String source = NetworkGenerator.generate(MID, "gen", false, "mid.net").toString();
        assertThat(source).contains("RowBlocks.gather(x, xo, rows, 30, workspace.blocksA, 4);")
                .contains("float x3_2 = xb[90 + i + 2];")
                .contains("float v2 = w2[j];")
                .contains("yb[j + 60] = Math.fma(x3_2, v2, Math.fma(x3_1, v1, Math.fma(x3_0, v0, yb[j + 60])));")
                .contains("RowBlocks.scatter(workspace.blocksA, 4, rows, 3, y, yo);")
                .doesNotContain("import jdk.incubator");
    }

    @Test
    void batchesAndSamplesGoThroughTheRuntimesProductsOnlyWhenItChoseTheVectorApi() {
        String source = NetworkGenerator.generate(MID, "gen", false, "mid.net").toString();
        assertThat(source).contains("private static final boolean VECTORIZED = KERNELS.vectorized();")
                .contains("this.rowMajor0 = VECTORIZED ? flat0 : null;")
                .contains("if (VECTORIZED) {\n            forwardRowsVectorized(x, xo, y, yo, rows, workspace);")
                .contains("if (VECTORIZED) {\n            forwardVectorized(x, xo, y, yo, workspace);")
                .contains("KERNELS.multiplyRow(x, xo, rowMajor0, biases0, a, 0, 30, 20, finiteWeights0);")
                .contains("KERNELS.multiply(a, rowMajor0, biases0, b, rows, 30, 20);")
                .contains("KERNELS.multiply(b, rowMajor1, biases1, a, rows, 20, 3);")
                .doesNotContain("import jdk.incubator");
    }
}
