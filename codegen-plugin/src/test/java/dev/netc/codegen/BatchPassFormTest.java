package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.JitVectorizer;
import org.junit.jupiter.api.Test;

/**
 * The batch passes of each JDK: the generated class holds both groupings of rows, and which one
 * runs follows {@link JitVectorizer}. The build runs the equality tests once with each.
 */
class BatchPassFormTest {

    @Test
    void theFormFollowsTheSystemPropertyWhenSet() {
        String property = System.getProperty(JitVectorizer.SHARED_WEIGHT_LOADS_PROPERTY);
        boolean expected = property != null ? Boolean.parseBoolean(property) : Runtime.version().feature() >= 25;
        assertThat(JitVectorizer.SHARED_WEIGHT_LOADS).isEqualTo(expected);
    }

    @Test
    void batchPassesLoadEachWeightOnceInTheGroupingOfEachJdk() {
        Architecture architecture = Networks.parse("mid.net", "dense 30 -> 20 relu; dense 20 -> 3;");
        String source = NetworkGenerator.generate(architecture, "gen", false, "mid.net").toString();
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
