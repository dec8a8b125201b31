package dev.netc.cli;

import dev.netc.dsl.CheckedNetwork;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Precision;
import dev.netc.runtime.io.AtomicFiles;
import dev.netc.runtime.io.IoErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc run FILE --input X}: the network's outputs for each row of X, computed by the
 * runtime's interpreter straight from the {@code .net} file (nothing is generated or compiled).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Run a network on rows of numbers (CSV or .npy).",
        descriptionHeading = "%n",
        description = {
            "Runs a network on rows of numbers with the interpreter (no code generation, no compiling) and prints "
                    + "one row of outputs per input row, as CSV.",
            WeightSource.RULE,
            "Input: a .npy file (2-D, float32 or float64, as np.save writes it) or text: one sample per line, values "
                    + "separated by commas (or by spaces, as np.savetxt writes by default); a first line without "
                    + "numbers is taken as a header and skipped. With --input - the text is read from standard input."
        })
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private Netc netc;

    @Parameters(paramLabel = "FILE", description = "The .net file.")
    private Path file;

    @ArgGroup(exclusive = true)
    private WeightSource weightSource;

    @Option(names = {"-i", "--input"}, paramLabel = "X", required = true,
            description = "The samples: X.csv (or any text file), X.npy, or - for standard input.")
    private String input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write the outputs to OUT.csv or OUT.npy (in a folder that exists) instead of printing them.")
    private String outputName;

    private Path output;

    @Override
    public Integer call() {
        Terminal terminal = netc.terminal();
        if (outputName != null) {
            output = OutputFile.check("--output", outputName, List.of(".csv", ".npy"));
        }
        CheckedNetwork network = Sources.load(file, terminal, weightSource);
        Architecture architecture = network.architecture();
        Interpreter interpreter = new Interpreter(WeightSource.choose(weightSource, network, file));
        Batch inputs = read(architecture);
        Batch outputs = inputs.floats() != null ? Batch.of(interpreter.predict(inputs.floats()))
                : Batch.of(interpreter.predict(inputs.doubles()));
        if (output == null) {
            terminal.out().print(CsvRows.text(outputs));
        } else {
            write(outputs);
        }
        return 0;
    }

    private Batch read(Architecture architecture) {
        Precision precision = architecture.precision();
        int width = architecture.inputSize();
        String network = architecture.name();
        try {
            if (input.equals("-")) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                return CsvRows.read(in, "<stdin>", precision, width, network);
            }
            Path path = Path.of(input);
            if ("npy".equals(format(path))) {
                return NpyRows.read(path, precision, width, network);
            }
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                return CsvRows.read(in, input, precision, width, network);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw Problem.input(input + ": not a text file (not UTF-8); give a .npy file or rows of numbers");
        } catch (IOException e) {
            throw Problem.input(IoErrors.message(Path.of(input), e));
        } catch (java.nio.file.InvalidPathException e) {
            throw Problem.usage("--input " + input + " is not a valid path");
        }
    }

    /** Writes the outputs to a temporary file moved over {@code output}: a failed write leaves no partial file. */
    private void write(Batch outputs) {
        try {
            AtomicFiles.replace(output, out -> {
                if ("npy".equals(format(output))) {
                    NpyRows.write(out, outputs);
                } else {
                    out.write(CsvRows.text(outputs).getBytes(StandardCharsets.UTF_8));
                }
            });
        } catch (IOException e) {
            throw Problem.input("cannot write " + output + ": " + IoErrors.describe(e));
        }
    }

    /** {@code csv} or {@code npy} by the file's extension, or null for anything else. */
    private static String format(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npy") ? "npy" : name.endsWith(".csv") ? "csv" : null;
    }
}
