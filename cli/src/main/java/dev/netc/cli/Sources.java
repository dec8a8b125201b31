package dev.netc.cli;

import dev.netc.dsl.CheckResult;
import dev.netc.dsl.CheckedNetwork;
import dev.netc.dsl.NetFrontEnd;
import java.nio.file.Path;

/** Reading {@code .net} files for the commands, with diagnostics printed as the compiler prints them. */
final class Sources {
    private Sources() {}

    /**
     * Checks {@code file}, shown in diagnostics as typed; a {@code weights} file may be anywhere
     * (the command line has no project to keep it in).
     */
    static CheckResult check(Path file) {
        return NetFrontEnd.check(file, NetFrontEnd.Options.forFile(file));
    }

    /** The checked network in {@code file}; otherwise prints its diagnostics and stops with exit code 1. */
    static CheckedNetwork load(Path file, Terminal terminal) {
        return load(file, terminal, null);
    }

    /**
     * As {@link #load(Path, Terminal)} for a command that takes weights: when {@code --weights} or
     * {@code --seed} is given, the file's {@code weights} directive is not used, so its file is not
     * read either (a missing or broken one is no error).
     */
    static CheckedNetwork load(Path file, Terminal terminal, WeightSource weightSource) {
        NetFrontEnd.Options options = NetFrontEnd.Options.forFile(file);
        CheckResult result = NetFrontEnd.check(file, WeightSource.given(weightSource) ? options.withoutWeightsFile()
                : options);
        if (!result.ok()) {
            result.diagnostics().forEach(terminal::diagnostic);
            terminal.errorCount(result.errorCount(), 1);
            throw Problem.reported();
        }
        return result.network().orElseThrow();
    }
}
