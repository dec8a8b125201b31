package dev.netc.cli;

import dev.netc.dsl.check.ClassNames;
import dev.netc.dsl.diag.Excerpt;
import dev.netc.onnx.ImportedNetwork;
import dev.netc.onnx.OnnxImporter;
import dev.netc.runtime.io.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netc import MODEL.onnx -d DIR}: a trained ONNX multilayer perceptron as a {@code .net} file and its weights. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Turn a trained ONNX model into a .net file and its .npz weights.",
        descriptionHeading = "%n",
        description = {
            "Reads a multilayer perceptron as PyTorch, Keras (tf2onnx) or scikit-learn (skl2onnx) export it and "
                    + "writes MODEL.net, with a 'weights' directive, and MODEL.npz into DIR.",
            "Graphs netc cannot represent are refused with the node, its operator and the reason."
        })
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    private Netc netc;

    @Parameters(paramLabel = "MODEL.onnx", description = "The ONNX model.")
    private Path model;

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", defaultValue = ".",
            description = "Where to write the .net and .npz files (default: the current folder).")
    private Path directory;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The network's class name (default: the model's file name in UpperCamelCase).")
    private String name;

    @Override
    public Integer call() {
        Terminal terminal = netc.terminal();
        if (name != null && !ClassNames.isValid(name)) {
            // A wrong command line, as generate's --package is: checked before the model is read.
            throw Problem.usage("--name '" + Excerpt.shorten(name) + "' is not a Java class name (an identifier that"
                    + " is not a Java keyword, e.g. IrisClassifier)");
        }
        ImportedNetwork network;
        try {
            network = name == null ? OnnxImporter.read(model) : OnnxImporter.read(model, name);
        } catch (IOException e) {
            throw Problem.input(IoErrors.message(model, e));
        }
        try {
            Path net = network.writeTo(directory);
            int layers = network.architecture().layers().size();
            long parameters = network.architecture().parameterCount();
            terminal.out().println("wrote " + net + " and its weights (" + layers + " layer" + (layers == 1 ? "" : "s")
                    + ", " + parameters + " parameter" + (parameters == 1 ? "" : "s") + ")");
            network.notes().forEach(note -> terminal.out().println("note: " + note));
        } catch (IOException e) {
            throw Problem.input("cannot write to " + directory + ": " + IoErrors.describe(e));
        }
        return 0;
    }
}
