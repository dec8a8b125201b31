package dev.netc.cli;

import dev.netc.runtime.Summary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netc summary FILE}: the Keras-style table the generated {@code summary()} returns. */
@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Print a Keras-style summary of a network.",
        descriptionHeading = "%n",
        description = "Prints a network's layers, output shapes, activations and parameter counts, its total "
                + "parameters, weight memory and floating-point operations per sample, like Keras' model.summary().")
final class SummaryCommand implements Callable<Integer> {
    @ParentCommand
    private Netc netc;

    @Parameters(paramLabel = "FILE", description = "The .net file.")
    private Path file;

    @Override
    public Integer call() {
        Terminal terminal = netc.terminal();
        terminal.out().println(Summary.of(Sources.load(file, terminal).architecture()));
        return 0;
    }
}
