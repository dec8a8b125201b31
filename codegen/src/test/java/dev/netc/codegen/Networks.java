package dev.netc.codegen;

import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.dsl.diag.SourceText;
import dev.netc.runtime.Architecture;
import java.nio.file.Path;

/** Checked architectures from {@code .net} text, for tests that generate code. */
public final class Networks {
    private Networks() {}

    public static Architecture parse(String fileName, String text) {
        CheckResult result = NetFrontEnd.check(new SourceText(fileName, text), fileName, Path.of("."), null);
        if (!result.ok()) {
            throw new AssertionError("test network does not check:\n" + result.report());
        }
        return result.network().orElseThrow().architecture();
    }
}
