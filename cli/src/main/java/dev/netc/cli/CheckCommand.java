package dev.netc.cli;

import dev.netc.dsl.CheckResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netc check FILE...}: every problem of every file, as the Maven goal reports them. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Check .net files and print every problem.",
        descriptionHeading = "%n",
        description = {
            "Checks .net files and prints every problem as FILE:LINE:COLUMN: error: MESSAGE, with the source "
                    + "line and a caret, as javac does. Weight files named by 'weights' are checked too.",
            "Exit status: 0 when every file is fine, 1 when any has errors."
        })
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    private Netc netc;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The .net files to check.")
    private List<Path> files;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing for files without errors.")
    private boolean quiet;

    @Override
    public Integer call() {
        Terminal terminal = netc.terminal();
        int errors = 0;
        int failed = 0;
        for (Path file : files) {
            CheckResult result = Sources.check(file);
            if (result.ok()) {
                if (!quiet) {
                    terminal.out().println(file + ": ok");
                }
            } else {
                result.diagnostics().forEach(terminal::diagnostic);
                errors += result.errorCount();
                failed++;
            }
        }
        if (errors > 0) {
            terminal.errorCount(errors, failed);
            return Netc.INPUT_ERROR;
        }
        return 0;
    }
}
