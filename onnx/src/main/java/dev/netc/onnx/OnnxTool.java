package dev.netc.onnx;

import dev.netc.dsl.CheckResult;
import dev.netc.dsl.CheckedNetwork;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of ONNX interop:
 *
 * <pre>
 * java dev.netc.onnx.OnnxTool import MODEL.onnx [-d DIR] [--name NAME]
 * java dev.netc.onnx.OnnxTool export MODEL.net [--weights WEIGHTS.npz] [-o MODEL.onnx]
 * </pre>
 *
 * {@code import} writes {@code DIR/MODEL.net} and {@code DIR/MODEL.npz} (DIR defaults to the
 * current folder). {@code export} takes the weights from {@code --weights}, else from the file's
 * {@code weights} directive, else draws them from its {@code seed}; it writes {@code -o}, by
 * default {@code MODEL.onnx} beside the {@code .net} file. Exit status: 0 on success, 1 when the
 * input is refused or unreadable, 2 for a usage error.
 *
 * <p>Thread-safe: stateless; each call of {@code run} is independent.
 */
public final class OnnxTool {
    private static final String USAGE = """
            usage: OnnxTool import MODEL.onnx [-d DIR] [--name NAME]
                   OnnxTool export MODEL.net [--weights WEIGHTS.npz] [-o MODEL.onnx]""";

    private OnnxTool() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> positional = new ArrayList<>();
        String dir = null;
        String name = null;
        String weights = null;
        String output = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "-d", "--directory", "--name", "--weights", "-o", "--output" -> {
                    if (!hasValue) {
                        err.println("option " + a + " needs a value\n" + USAGE);
                        return 2;
                    }
                    String v = args[++i];
                    switch (a) {
                        case "-d", "--directory" -> dir = v;
                        case "--name" -> name = v;
                        case "--weights" -> weights = v;
                        default -> output = v;
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        err.println("unknown option " + a + "\n" + USAGE);
                        return 2;
                    }
                    positional.add(a);
                }
            }
        }
        if (positional.size() != 1) {
            err.println("expected one input file\n" + USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "import" -> {
                    if (weights != null || output != null) {
                        err.println("import takes -d and --name\n" + USAGE);
                        return 2;
                    }
                    ImportedNetwork net = OnnxImporter.read(Path.of(positional.get(0)), name);
                    Path netFile = net.writeTo(Path.of(dir == null ? "." : dir));
                    out.println("wrote " + netFile + " and " + netFile.resolveSibling(net.fileStem() + ".npz")
                            + " (network " + net.name() + ", " + count(net.architecture().denseLayers().size(),
                                    "dense layer") + ", " + count(net.architecture().parameterCount(), "parameter")
                            + ")");
                    net.notes().forEach(n -> out.println("note: " + n));
                    return 0;
                }
                case "export" -> {
                    if (dir != null || name != null) {
                        err.println("export takes --weights and -o\n" + USAGE);
                        return 2;
                    }
                    return export(Path.of(positional.get(0)), weights, output, out, err);
                }
                default -> {
                    err.println("unknown command '" + args[0] + "'\n" + USAGE);
                    return 2;
                }
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static int export(Path netFile, String weightsFile, String output, PrintStream out, PrintStream err)
            throws IOException {
        CheckResult check = NetFrontEnd.check(netFile);
        if (!check.ok()) {
            err.print(check.report());
            return 1;
        }
        CheckedNetwork network = check.network().orElseThrow();
        Architecture architecture = network.architecture();
        Weights weights;
        if (weightsFile != null) {
            weights = Weights.read(architecture, Path.of(weightsFile));
        } else if (network.weightsFile().isPresent()) {
            weights = Weights.read(architecture, network.weightsFile().get());
        } else if (architecture.seed().isPresent()) {
            weights = Weights.random(architecture, architecture.seed().getAsLong());
            out.println("note: no weights given; using the random weights of seed " + architecture.seed().getAsLong());
        } else {
            err.println("error: " + netFile + " has no weights directive and no seed; pass --weights FILE.npz");
            return 1;
        }
        String stem = netFile.getFileName().toString().replaceFirst("(?i)\\.net$", "");
        Path target = output != null ? Path.of(output) : netFile.toAbsolutePath().resolveSibling(stem + ".onnx");
        OnnxExporter.write(architecture, weights, target);
        out.println("wrote " + target + " (ONNX opset " + OnnxExporter.OPSET + ", input 'input' (batch, "
                + architecture.inputSize() + "), output 'output' (batch, " + architecture.outputSize() + "))");
        return 0;
    }

    /** {@code 1 parameter}, {@code 2 parameters}. */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
