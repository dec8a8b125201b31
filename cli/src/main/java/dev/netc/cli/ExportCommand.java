package dev.netc.cli;

import dev.netc.dsl.CheckedNetwork;
import dev.netc.onnx.OnnxExporter;
import dev.netc.runtime.io.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netc export FILE -o MODEL.onnx}: a network and its weights as an ONNX model. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Write a network and its weights as an ONNX model (opset 13).",
        descriptionHeading = "%n",
        description = {
            "Writes an ONNX model that ONNX Runtime and other ONNX tools run with the same outputs: input 'input' "
                    + "and output 'output' of shape (batch, width), one Gemm per dense layer.",
            WeightSource.RULE
        })
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    private Netc netc;

    @Parameters(paramLabel = "FILE", description = "The .net file.")
    private Path file;

    @ArgGroup(exclusive = true)
    private WeightSource weightSource;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL.onnx",
            description = "Where to write the model, an .onnx file in a folder that exists (default: FILE with .onnx "
                    + "in place of .net).")
    private String output;

    @Override
    public Integer call() {
        Terminal terminal = netc.terminal();
        Path chosen = output == null ? null : OutputFile.check("--output", output, List.of(".onnx"));
        CheckedNetwork network = Sources.load(file, terminal, weightSource);
        // Before drawing or loading gigabytes of weights that could not be written anyway.
        OnnxExporter.sizeProblem(network.architecture()).ifPresent(problem -> {
            throw Problem.input("cannot export " + file + ": " + problem);
        });
        Path target = chosen != null ? chosen : file.resolveSibling(file.getFileName().toString()
                .replaceFirst("(\\.net)?$", ".onnx"));
        try {
            OnnxExporter.write(network.architecture(), WeightSource.choose(weightSource, network, file), target);
        } catch (IOException e) {
            throw Problem.input("cannot write " + target + ": " + IoErrors.describe(e));
        }
        terminal.out().println("wrote " + target);
        return 0;
    }
}
