package dev.netc.cli;

import com.palantir.javapoet.JavaFile;
import dev.netc.codegen.NetworkGenerator;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.CheckedNetwork;
import dev.netc.dsl.check.ClassNames;
import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.Position;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.io.AtomicFiles;
import dev.netc.runtime.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc generate FILE... -d DIR}: the class the Maven goal generates, for builds without
 * Maven. Files with errors are reported and produce nothing; the others are still generated.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Generate a Java class per .net file.",
        descriptionHeading = "%n",
        description = {
            "Generates a Java class per .net file, as the Maven goal netc:generate does, into DIR/PACKAGE/NAME.java. "
                    + "A network with a 'weights' directive also gets its weights as NAME.npz next to the class, "
                    + "which pretrained() loads from the class path: put DIR (or --resources) on the class path, "
                    + "or copy the .npz next to the compiled class.",
            "The generated code needs netc-runtime on the class path. Files are rewritten only when their "
                    + "content changes.",
            "Exit status: 0 when every file was generated, 1 when any has errors (the others are still generated)."
        })
final class GenerateCommand implements Callable<Integer> {
    @ParentCommand
    private Netc netc;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The .net files.")
    private List<Path> files;

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", required = true,
            description = "Where to write the .java files (package folders are created below it).")
    private Path directory;

    @Option(names = {"-p", "--package"}, paramLabel = "PACKAGE", defaultValue = "",
            description = "The package of every class; default: the unnamed package.")
    private String packageName;

    @Option(names = {"-r", "--resources"}, paramLabel = "DIR",
            description = "Where to write bundled weight files (package folders below it); default: the -d folder.")
    private Path resources;

    /** Accepted for one release; does nothing: the classes choose the Vector API when they run. */
    @Option(names = "--vector-api", hidden = true)
    private boolean vectorApi;

    static final String VECTOR_API_DEPRECATED = "netc: warning: --vector-api is deprecated and does nothing: the "
            + "generated classes use the Vector API when the program runs with --add-modules jdk.incubator.vector";

    @Override
    public Integer call() {
        Terminal terminal = netc.terminal();
        if (vectorApi) {
            terminal.err().println(VECTOR_API_DEPRECATED);
        }
        String pkg = packageName.trim();
        checkPackage(pkg);
        Path packageFolder = pkg.isEmpty() ? Path.of("") : Path.of(pkg.replace('.', '/'));
        Path resourceRoot = resources == null ? directory : resources;
        Map<String, Path> classes = new HashMap<>();
        int errors = 0;
        int failed = 0;
        Set<Path> seen = new HashSet<>();
        for (Path file : files) {
            if (!seen.add(file.toAbsolutePath().normalize())) {
                continue; // the same file named twice (a shell glob and a path) is generated once
            }
            CheckResult result = Sources.check(file);
            if (!result.ok()) {
                result.diagnostics().forEach(terminal::diagnostic);
                errors += result.errorCount();
                failed++;
                continue;
            }
            CheckedNetwork network = result.network().orElseThrow();
            Architecture architecture = network.architecture();
            Path other = classes.putIfAbsent(architecture.name(), file);
            if (other != null) {
                terminal.diagnostic(new Diagnostic(file.toString(), Position.START, "class "
                        + qualified(pkg, architecture.name()) + " is also generated from " + other
                        + "; give one of them another name with 'network Name;'", ""));
                errors++;
                failed++;
                continue;
            }
            JavaFile javaFile = NetworkGenerator.generate(architecture, pkg, network.weightsFile().isPresent(),
                    file.getFileName().toString());
            Path java = directory.resolve(packageFolder).resolve(architecture.name() + ".java");
            write(java, javaFile.toString().getBytes(StandardCharsets.UTF_8));
            terminal.out().println(file + " -> " + java);
            if (network.weightsFile().isPresent()) {
                Path npz = resourceRoot.resolve(packageFolder).resolve(NetworkGenerator.pretrainedResource(architecture));
                try {
                    write(npz, Files.readAllBytes(network.weightsFile().get()));
                } catch (IOException e) {
                    throw Problem.input("cannot read " + network.weightsFile().get() + ": " + IoErrors.describe(e));
                }
                terminal.out().println(file + " -> " + npz);
            }
        }
        if (errors > 0) {
            terminal.errorCount(errors, failed);
            return Netc.INPUT_ERROR;
        }
        return 0;
    }

    private static void checkPackage(String pkg) {
        if (pkg.isEmpty()) {
            return;
        }
        if (!Arrays.stream(pkg.split("\\.", -1)).allMatch(ClassNames::isValid)) {
            throw Problem.usage("--package '" + pkg + "' is not a Java package name (dot-separated identifiers, "
                    + "e.g. com.acme.models)");
        }
    }

    private static String qualified(String pkg, String name) {
        return pkg.isEmpty() ? name : pkg + "." + name;
    }

    /** Writes {@code content} unless the file already holds it, so compilers see nothing new. */
    private static void write(Path file, byte[] content) {
        try {
            AtomicFiles.writeIfChanged(file, content);
        } catch (IOException e) {
            throw Problem.input("cannot write " + file + ": " + IoErrors.describe(e));
        }
    }
}
