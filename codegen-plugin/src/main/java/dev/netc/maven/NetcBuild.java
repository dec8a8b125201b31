package dev.netc.maven;

import com.palantir.javapoet.JavaFile;
import dev.netc.codegen.GeneratorVersion;
import dev.netc.codegen.NetworkGenerator;
import dev.netc.codegen.diagram.Diagram;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.CheckedNetwork;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.dsl.check.ClassNames;
import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.Position;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Summary;
import dev.netc.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of {@code netc:generate}, free of Maven types: finds the {@code .net} files, checks each,
 * generates a class per good file, bundles its weights, writes its summary table and diagram to the
 * state folder ({@code target/netc/NAME.txt} and {@code NAME.svg}), and brings the output folders
 * in line with the sources. Files with errors produce nothing new and keep what an earlier good
 * build produced; everything that was fine is written, so one bad file does not hold up the others'
 * feedback.
 *
 * <p>Summaries and diagrams are named after the class's simple name; when two networks of one
 * build share a simple name (in different packages), both are named by their qualified names.
 *
 * <p>An instance is one run and is not meant to be shared; runs of different requests may go on
 * concurrently as long as they write different folders (two runs writing one folder leave one complete
 * version of each file, never a mix, but may remove each other's outputs).
 */
public final class NetcBuild {
    private final GenerateRequest request;
    /** Errors of this run beyond the diagnostics reported (a file with more than the front end reports). */
    private int unreported;

    public NetcBuild(GenerateRequest request) {
        this.request = request;
    }

    /**
     * What a run did.
     *
     * @param diagnostics every error of every file, in file order
     * @param networks how many networks were generated or found up to date
     * @param unchanged how many of them were skipped: nothing of theirs changed since the last build
     * @param written how many output files were new or changed
     * @param removed how many stale output files were deleted
     * @param reports one per network, in file order
     * @param errors how many errors the files have: more than {@code diagnostics} when a file has more
     *     than the front end reports (its last diagnostic says how many more)
     */
    public record Result(List<Diagnostic> diagnostics, int networks, int unchanged, int written, int removed,
            List<NetworkReport> reports, int errors) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
            reports = List.copyOf(reports);
        }

        public boolean failed() {
            return !diagnostics.isEmpty();
        }

        /** True when no file changed: every network was skipped, and nothing was written or removed. */
        public boolean nothingChanged() {
            return !failed() && unchanged == networks && written == 0 && removed == 0;
        }
    }

    /**
     * What was generated for one network, for the build log.
     *
     * @param line the one-line summary, e.g. {@code Mlp: 4 -> 16 -> 3, 3 layers, 131 params (524 B, float), ...}
     * @param table the full summary table, as written to {@code summaryFile}; empty for a network skipped
     *     as unchanged, whose table {@link #fullTable()} reads back from {@code summaryFile}
     * @param summaryFile the summary table
     * @param diagramFile the SVG diagram
     * @param changed true when any output of this network was new or changed in this build
     */
    public record NetworkReport(String line, Optional<String> table, Path summaryFile, Path diagramFile,
            boolean changed) {
        /** The full summary table (read from {@code summaryFile} for a network skipped as unchanged). */
        public String fullTable() throws IOException {
            if (table.isPresent()) {
                return table.get();
            }
            return Files.readString(summaryFile, StandardCharsets.UTF_8).stripTrailing();
        }

        /** {@code LINE (summary: target/netc/Mlp.txt, diagram: target/netc/Mlp.svg)}, paths relative to {@code base}. */
        public String describe(Path base) {
            return line + " (summary: " + relative(base, summaryFile) + ", diagram: " + relative(base, diagramFile)
                    + ")";
        }

        private static Path relative(Path base, Path file) {
            return file.startsWith(base) ? base.relativize(file) : file;
        }
    }

    /** A generated file and its content, or the file it is a copy of (a bundled weights file). */
    private record Output(Path file, byte[] content, Path copyOf) {
        Output(Path file, byte[] content) {
            this(file, content, null);
        }

        /** Writes the file unless it already holds this content; true if it wrote. */
        boolean writeIfChanged() throws IOException {
            return copyOf != null ? AtomicFiles.copyIfChanged(copyOf, file) : AtomicFiles.writeIfChanged(file, content);
        }
    }

    /** A network of this build: one to generate, or one unchanged since the last build. */
    private sealed interface Network permits Generated, Unchanged {
        String simpleName();

        String qualifiedName();
    }

    /**
     * A file that passed the checks, with what it generates besides its summary and diagram, and the
     * fingerprints of the file and its weights (empty when they changed while the build read them).
     */
    private record Generated(Architecture architecture, String qualifiedName, List<Output> outputs,
            Optional<Fingerprint> source, Optional<Path> weights, Optional<Fingerprint> weightsFingerprint)
            implements Network {
        @Override
        public String simpleName() {
            return architecture.name();
        }

        /** Whether the next build may skip it if nothing changes. */
        boolean fingerprintable() {
            return source.isPresent() && weights.isPresent() == weightsFingerprint.isPresent();
        }
    }

    /** A file whose outputs are up to date (see {@link BuildState}). */
    private record Unchanged(BuildState.Entry entry) implements Network {
        @Override
        public String simpleName() {
            return entry.simpleName();
        }

        @Override
        public String qualifiedName() {
            return entry.qualifiedName();
        }
    }

    public Result run() throws IOException {
        Instant start = Instant.now();
        Path manifestFile = request.stateDirectory().resolve("generate-" + request.executionId() + ".files");
        Path stateFile = request.stateDirectory().resolve("generate-" + request.executionId() + ".state");
        Manifest previous = Manifest.read(manifestFile);
        Manifest next = Manifest.empty();
        String configuration = configuration();
        BuildState previousState = BuildState.read(stateFile, configuration);
        BuildState nextState = BuildState.empty(configuration);
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<Path, Network> networks = new LinkedHashMap<>();
        Map<String, Path> classes = new HashMap<>();

        for (Path source : sources()) {
            Network network = unchanged(source, previousState, start, classes);
            if (network == null) {
                network = generate(source, diagnostics, classes, start);
            }
            if (network != null) {
                networks.put(source, network);
            } else if (!previous.outputs(source).isEmpty()) {
                // Keep the last good outputs of a file that now has errors; the build fails anyway. Its entry
                // stays too: should the file get back the content they were made from, they are up to date.
                next.put(source, previous.outputs(source));
                previousState.entry(source).ifPresent(entry -> nextState.put(source, entry));
            }
        }

        Map<String, Long> simpleNames = networks.values().stream()
                .collect(Collectors.groupingBy(Network::simpleName, Collectors.counting()));
        for (var i = networks.entrySet().iterator(); i.hasNext(); ) {
            var e = i.next();
            if (e.getValue() instanceof Unchanged u && !u.entry().reportName().equals(reportName(u, simpleNames))) {
                // Another network of the same simple name came or went, so its summary and diagram are renamed:
                // generated again, under a class name that is its own, not another file's.
                classes.remove(u.qualifiedName());
                Generated again = generate(e.getKey(), diagnostics, classes, start);
                if (again != null) {
                    e.setValue(again);
                } else {
                    i.remove();
                    next.put(e.getKey(), u.entry().outputFiles());
                }
            }
        }

        int written = 0;
        int unchanged = 0;
        List<NetworkReport> reports = new ArrayList<>();
        boolean complete = false;
        try {
            for (Map.Entry<Path, Network> e : networks.entrySet()) {
                Path source = e.getKey();
                String reportName = reportName(e.getValue(), simpleNames);
                Path summaryFile = request.stateDirectory().resolve(reportName + ".txt");
                Path diagramFile = request.stateDirectory().resolve(reportName + ".svg");
                if (e.getValue() instanceof Unchanged u) {
                    next.put(source, u.entry().outputFiles());
                    nextState.put(source, u.entry());
                    reports.add(new NetworkReport(u.entry().line(), Optional.empty(), summaryFile, diagramFile, false));
                    unchanged++;
                    continue;
                }
                Generated network = (Generated) e.getValue();
                Architecture architecture = network.architecture();
                String table = Summary.of(architecture);
                List<Output> outputs = new ArrayList<>(network.outputs());
                outputs.add(new Output(summaryFile, (table + "\n").getBytes(StandardCharsets.UTF_8)));
                outputs.add(new Output(diagramFile, Diagram.svg(architecture).getBytes(StandardCharsets.UTF_8)));

                // Recorded before writing, so that a write that fails half-way cannot leave files nobody tracks.
                next.put(source, outputs.stream().map(Output::file).toList());
                boolean changed = false;
                for (Output output : outputs) {
                    if (output.writeIfChanged()) {
                        written++;
                        changed = true;
                    }
                }
                String line = Summary.line(architecture);
                reports.add(new NetworkReport(line, Optional.of(table), summaryFile, diagramFile, changed));
                if (network.fingerprintable()) {
                    List<BuildState.Output> stamps = new ArrayList<>();
                    for (Output output : outputs) {
                        stamps.add(BuildState.Output.of(output.file()));
                    }
                    nextState.put(source, new BuildState.Entry(network.source().orElseThrow(), network.weights(),
                            network.weightsFingerprint(), network.qualifiedName(), reportName, line, stamps));
                }
            }
            int removed = removeStale(previous, next);
            next.write(manifestFile);
            // Last, once every output is in place. Should this build fail before, the state of the last one
            // stays, which is safe: a file is skipped only if its outputs are also as that state recorded them.
            nextState.write(stateFile);
            complete = true;
            return new Result(diagnostics, networks.size(), unchanged, written, removed, reports,
                    diagnostics.size() + unreported);
        } finally {
            if (!complete) {
                // A write failed (a full disk, a read-only folder): remember both what the last build
                // wrote and what this one may have, so the next build can still clean up after both.
                previous.mergedWith(next).writeQuietly(manifestFile);
            }
        }
    }

    /**
     * The network of {@code source} as the last build left it, if the file, its weights and its outputs
     * are all unchanged since (by size and time, else by content); null if it must be checked again.
     */
    private Unchanged unchanged(Path source, BuildState previousState, Instant start, Map<String, Path> classes) {
        Optional<BuildState.Entry> entry = previousState.entry(source).flatMap(e -> e.recheck(source, start));
        if (entry.isEmpty() || classes.containsKey(entry.get().qualifiedName())) {
            // Changed, or its class now clashes with an earlier file's: generate() reports that.
            return null;
        }
        classes.put(entry.get().qualifiedName(), source);
        return new Unchanged(entry.get());
    }

    /** The name of a network's summary and diagram: its simple name, or its qualified one if another shares it. */
    private static String reportName(Network network, Map<String, Long> simpleNames) {
        return simpleNames.get(network.simpleName()) > 1 ? network.qualifiedName() : network.simpleName();
    }

    /**
     * Everything that decides what a file generates besides the file and its weights: the generator and
     * every parameter of the request (a parameter added to GenerateRequest belongs
     * here too; NetcBuildTest checks that none is forgotten).
     */
    private String configuration() {
        return String.join("\n",
                "netc " + GeneratorVersion.current() + " " + request.generator(),
                "projectDirectory " + request.projectDirectory(),
                "sourceDirectory " + request.sourceDirectory(),
                "includes " + request.includes(),
                "excludes " + request.excludes(),
                "outputDirectory " + request.outputDirectory(),
                "resourceDirectory " + request.resourceDirectory(),
                "stateDirectory " + request.stateDirectory(),
                "packageName " + request.packageName().orElse(""));
    }

    /** Checks and generates one file; null when it has errors (added to {@code diagnostics}). */
    private Generated generate(Path source, List<Diagnostic> diagnostics, Map<String, Path> classes, Instant start)
            throws IOException {
        // Taken before the file is read, so that a change while it is read shows in the next build.
        Optional<Fingerprint> fingerprint = Fingerprint.take(source, start);
        String shown = source.toString();
        String packageName = request.packageName().orElseGet(() -> folderPackage(source));
        String packageProblem = packageProblem(packageName);
        if (packageProblem != null) {
            diagnostics.add(new Diagnostic(shown, Position.START, packageProblem, ""));
            return null;
        }
        // A weights path may lead anywhere in the project, and beside the .net files when they live
        // outside it (a sourceDirectory shared by several projects).
        CheckResult result = NetFrontEnd.check(source, new NetFrontEnd.Options(shown,
                List.of(request.projectDirectory(), request.sourceDirectory())));
        if (!result.ok()) {
            diagnostics.addAll(result.diagnostics());
            unreported += result.errorCount() - result.diagnostics().size();
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
                    null, network.weightsFile().get()));
        }
        Optional<Path> weights = network.weightsFile();
        return new Generated(architecture, qualified, generated, fingerprint, weights,
                weights.flatMap(w -> Fingerprint.take(w, start)));
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
                // Only what an earlier build of this project wrote: a damaged or edited manifest must not
                // be able to delete anything outside the project.
                if (!keep.contains(output) && output.isAbsolute() && output.normalize().equals(output)
                        && isOwned(output) && Files.isRegularFile(output)) {
                    OutputFiles.deleteAndPrune(output, root(output));
                    removed++;
                }
            }
        }
        return removed;
    }

    /** True for a path inside the project or one of the folders this goal writes to. */
    private boolean isOwned(Path output) {
        return Stream.of(request.projectDirectory(), request.outputDirectory(), request.resourceDirectory(),
                request.stateDirectory()).anyMatch(output::startsWith);
    }

    /**
     * The output folder {@code output} is in (the innermost, should one be configured inside another),
     * which stays when the files in it are removed.
     */
    private Path root(Path output) {
        Path best = output.getParent();
        int depth = -1;
        for (Path root : List.of(request.outputDirectory(), request.resourceDirectory(), request.stateDirectory())) {
            if (output.startsWith(root) && root.getNameCount() > depth) {
                best = root;
                depth = root.getNameCount();
            }
        }
        return best;
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

    /**
     * Why the configured {@code <packageName>} cannot name a package, as one configuration error, or empty
     * when it is fine or not set.
     */
    static Optional<String> configuredPackageProblem(Optional<String> packageName) {
        return packageName.flatMap(name -> Arrays.stream(name.split("\\.", -1))
                .filter(part -> !ClassNames.isValid(part))
                .findFirst()
                .map(part -> "netc: <packageName> (netc.packageName) '" + name + "' is not a Java package name ('"
                        + part + "' is not an identifier); set it to a name such as com.acme.models"));
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
