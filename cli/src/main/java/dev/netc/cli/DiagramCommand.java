package dev.netc.cli;

import dev.netc.codegen.diagram.Diagram;
import dev.netc.runtime.io.AtomicFiles;
import dev.netc.runtime.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netc diagram FILE -o OUT.svg}: the picture the Maven goal writes to {@code target/netc}. */
@Command(
        name = "diagram",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Draw a network as an SVG picture.",
        descriptionHeading = "%n",
        description = "Draws a network as an SVG picture: a box per layer with its name, type, output shape, "
                + "activation and parameters, and arrows between them. Open it in any browser.")
final class DiagramCommand implements Callable<Integer> {
    @ParentCommand
    private Netc netc;

    @Parameters(paramLabel = "FILE", description = "The .net file.")
    private Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.svg",
            description = "Where to write the SVG (a .svg file in a folder that exists); without it, or with -, it "
                    + "goes to standard output.")
    private String output;

    @Override
    public Integer call() {
        Terminal terminal = netc.terminal();
        boolean toStandardOutput = output == null || output.equals("-");
        Path target = toStandardOutput ? null : OutputFile.check("--output", output, List.of(".svg"));
        String svg = Diagram.svg(Sources.load(file, terminal).architecture());
        if (toStandardOutput) {
            terminal.out().print(svg);
            return 0;
        }
        try {
            // Through a temporary file: a failed write leaves no partial diagram.
            AtomicFiles.replace(target, out -> out.write(svg.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw Problem.input("cannot write " + target + ": " + IoErrors.describe(e));
        }
        terminal.out().println(file + " -> " + target);
        return 0;
    }
}
