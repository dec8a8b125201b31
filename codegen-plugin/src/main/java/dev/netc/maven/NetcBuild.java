package dev.netc.maven;

import com.palantir.javapoet.JavaFile;
import dev.netc.codegen.NetworkGenerator;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.CheckedNetwork;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.dsl.check.ClassNames;
import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.Position;
import dev.netc.runtime.Architecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One run of {@code netc:generate}, free of Maven types: finds the {@code .net} files, checks each,
 * generates a class per good file, bundles its weights, and brings the output folders in line with
 * the sources. Files with errors produce nothing new and keep what an earlier good build produced;
 * everything that was fine is written, so one bad file does not hold up the others' feedback.
 */
public final class NetcBuild {
    private final GenerateRequest request;

    public NetcBuild(GenerateRequest request) {
        this.request = request;
    }

    /**
     * What a run did.
     *
     * @param diagnostics every error of every file, in file order
     * @param networks how many networks were generated
     * @param written how many output files were new or changed
     * @param removed how many stale output files were deleted
     */
    public record Result(List<Diagnostic> diagnostics, int networks, int written, int removed) {
        public boolean failed() {
            return !diagnostics.isEmpty();
        }
    }

    /** A generated file and its content. */
    private record Output(Path file, byte[] content) {}

    public Result run() throws IOException {
        Path manifestFile = request.stateDirectory().resolve("generate-" + request.executionId() + ".files");
        Manifest previous = Manifest.read(manifestFile);
        Manifest next = Manifest.empty();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<Path, List<Output>> outputs = new LinkedHashMap<>();
        Map<String, Path> classes = new HashMap<>();

        for (Path source : sources()) {
            List<Output> generated = generate(source, diagnostics, classes);
            if (generated != null) {
                outputs.put(source, generated);
            } else if (!previous.outputs(source).isEmpty()) {
                // Keep the last good outputs of a file that now has errors; the build fails anyway.
                next.put(source, previous.outputs(source));
            }
        }

        int written = 0;
        for (Map.Entry<Path, List<Output>> e : outputs.entrySet()) {
            List<Path> files = new ArrayList<>();
            for (Output output : e.getValue()) {
                written += OutputFiles.writeIfChanged(output.file(), output.content()) ? 1 : 0;
                files.add(output.file());
            }
            next.put(e.getKey(), files);
        }
        int removed = removeStale(previous, next);
        next.write(manifestFile);
        return new Result(diagnostics, outputs.size(), written, removed);
    }

    /** Checks and generates one file; null when it has errors (added to {@code diagnostics}). */
    private List<Output> generate(Path source, List<Diagnostic> diagnostics, Map<String, Path> classes)
            throws IOException {
        String shown = source.toString();
        String packageName = request.packageName().orElseGet(() -> folderPackage(source));
        String packageProblem = packageProblem(packageName);
        if (packageProblem != null) {
            diagnostics.add(new Diagnostic(shown, Position.START, packageProblem, ""));
            return null;
        }
        CheckResult result = NetFrontEnd.check(source, new NetFrontEnd.Options(shown, request.projectDirectory()));
        if (!result.ok()) {
            diagnostics.addAll(result.diagnostics());
            return null;
        }
        CheckedNetwork network = result.network().orElseThrow();
        Architecture architecture = network.architecture();
        String qualified = packageName.isEmpty() ? architecture.name() : packageName + "." + architecture.name();
        Path other = classes.putIfAbsent(qualified, source);
        if (other != null) {
            diagnostics.add(new Diagnostic(shown, Position.START, "class " + qualified + " is also generated from "
                    + other + "; give one of them another name with 'network Name;'", ""));
            return null;
        }
        JavaFile javaFile = NetworkGenerator.generate(architecture, packageName, network.weightsFile().isPresent(),
                source.getFileName().toString());
        Path packageFolder = packageName.isEmpty() ? Path.of("") : Path.of(packageName.replace('.', '/'));
        List<Output> generated = new ArrayList<>();
        generated.add(new Output(
                request.outputDirectory().resolve(packageFolder).resolve(architecture.name() + ".java"),
                javaFile.toString().getBytes(StandardCharsets.UTF_8)));
        if (network.weightsFile().isPresent()) {
            generated.add(new Output(
                    request.resourceDirectory().resolve(packageFolder)
                            .resolve(NetworkGenerator.pretrainedResource(architecture)),
                    Files.readAllBytes(network.weightsFile().get())));
        }
        return generated;
    }

    /** Deletes what the previous build generated and this one did not; returns how many files. */
    private int removeStale(Manifest previous, Manifest next) throws IOException {
        Set<Path> keep = new HashSet<>();
        for (Path source : next.sources()) {
            keep.addAll(next.outputs(source));
        }
        int removed = 0;
        for (Path source : previous.sources()) {
            for (Path output : previous.outputs(source)) {
                if (!keep.contains(output) && Files.exists(output)) {
                    Path root = output.startsWith(request.outputDirectory()) ? request.outputDirectory()
                            : request.resourceDirectory();
                    OutputFiles.deleteAndPrune(output, root);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The {@code .net} files under the source folder that the includes take and the excludes leave, sorted. */
    private List<Path> sources() throws IOException {
        Path root = request.sourceDirectory();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<PathMatcher> includes = matchers(request.includes());
        List<PathMatcher> excludes = matchers(request.excludes());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        Path relative = root.relativize(f);
                        return matches(includes, relative) && !matches(excludes, relative);
                    })
                    .sorted()
                    .toList();
        }
    }

    /** Globs as Maven users know them: {@code **}{@code /*.net} also matches files at the top. */
    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : globs) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            if (glob.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
            }
        }
        return matchers;
    }

    private static boolean matches(List<PathMatcher> matchers, Path relative) {
        return matchers.stream().anyMatch(m -> m.matches(relative));
    }

    /** The package of a file from its folder below the source folder, as antlr4-maven-plugin does. */
    private String folderPackage(Path source) {
        Path folder = request.sourceDirectory().relativize(source).getParent();
        if (folder == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        folder.forEach(p -> parts.add(p.toString()));
        return String.join(".", parts);
    }

    private static String packageProblem(String packageName) {
        if (packageName.isEmpty()) {
            return null;
        }
        for (String part : packageName.split("\\.", -1)) {
            if (!ClassNames.isValid(part)) {
                return "'" + packageName + "' is not a Java package name ('" + part + "' is not an identifier);"
                        + " rename the folder or set <packageName>";
            }
        }
        return null;
    }
}
