package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.JitVectorizer;
import org.junit.jupiter.api.Test;

/**
 * The two forms of a batch pass over two rows: the generated class holds both, and which one runs
 * follows {@link JitVectorizer}. The build runs the equality tests once with each form.
 */
class BatchPassFormTest {

    @Test
    void theFormFollowsTheSystemPropertyWhenSet() {
        String property = System.getProperty(JitVectorizer.SHARED_WEIGHT_LOADS_PROPERTY);
        boolean expected = property != null ? Boolean.parseBoolean(property) : Runtime.version().feature() >= 25;
        assertThat(JitVectorizer.SHARED_WEIGHT_LOADS).isEqualTo(expected);
    }

    @Test
    void aTwoRowPassHasBothFormsAndASampleOnlyOne() {
        Architecture architecture = Networks.parse("mid.net", "dense 30 -> 20 relu; dense 20 -> 3;");
        String source = NetworkGenerator.generate(architecture, "gen", false, "mid.net").toString();
        assertThat(source).contains("if (JitVectorizer.SHARED_WEIGHT_LOADS) {\n");
        // Shared form: each weight loaded into a local once, both rows use it.
        assertThat(source).contains("float v0 = w0[j];")
                .contains("y0[j] = Math.fma(x0_3, v3, Math.fma(x0_2, v2, Math.fma(x0_1, v1, Math.fma(x0_0, v0, y0[j]))));")
                .contains("y1[j] = Math.fma(x1_3, v3, Math.fma(x1_2, v2, Math.fma(x1_1, v1, Math.fma(x1_0, v0, y1[j]))));");
        // Plain form, and the single-sample pass, read the weight rows directly.
        assertThat(source).contains("y1[j] = Math.fma(x1_3, w3[j], Math.fma(x1_2, w2[j], Math.fma(x1_1, w1[j],"
                + " Math.fma(x1_0, w0[j], y1[j]))));");
        assertThat(source).contains("y[j] = Math.fma(x0_5, w5[j],");
    }

    @Test
    void aWideLayerSharesItsWeightLoadsOnEveryJdk() {
        Architecture architecture = Networks.parse("wide.net", "dense 30 -> 256 relu;");
        String source = NetworkGenerator.generate(architecture, "gen", false, "wide.net").toString();
        // JDK 25: four inputs per pass; JDK 17: two, the most it vectorizes in that form.
        assertThat(source).contains("for (int i = start; i < end; i += 4) {")
                .contains("for (int i = start; i < end; i += 2) {")
                .contains("y1[j] = Math.fma(x1_1, v1, Math.fma(x1_0, v0, y1[j]));")
                .doesNotContain("y1[j] = Math.fma(x1_3, w3[j]");
    }
}
