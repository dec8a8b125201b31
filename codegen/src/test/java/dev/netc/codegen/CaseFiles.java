package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the NumPy reference cases' tests share: reading case.json and comparing with NumPy's numbers. */
final class CaseFiles {
    private CaseFiles() {}

    /** A string or number field of the flat case.json (enough JSON for these files). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|([-+0-9.eE]+))").matcher(json);
        if (!m.find()) {
            throw new AssertionError("case.json has no field " + name);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** Every element of {@code got} within {@code atol + rtol·|want|} of NumPy's, as numpy.allclose. */
    static void assertAllClose(String what, double atol, double rtol, double[] got, double[] want) {
        assertThat(got).as(what).hasSameSizeAs(want);
        for (int i = 0; i < want.length; i++) {
            double allowed = atol + rtol * Math.abs(want[i]);
            assertThat(Math.abs(got[i] - want[i]))
                    .as("%s [%d]: got %s, NumPy %s", what, i, got[i], want[i])
                    .isLessThanOrEqualTo(allowed);
        }
    }
}
