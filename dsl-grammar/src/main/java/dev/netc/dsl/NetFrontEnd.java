package dev.netc.dsl;

import dev.netc.dsl.ast.StringLiteral;
import dev.netc.dsl.check.Checker;
import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.Excerpt;
import dev.netc.dsl.diag.Position;
import dev.netc.dsl.diag.SourceText;
import dev.netc.dsl.parser.NetSyntax;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The language front end in one call: a {@code .net} file in, a {@link CheckedNetwork} or every
 * diagnostic out. It never throws for bad input; problems with the file itself (unreadable, not
 * UTF-8) are diagnostics too.
 *
 * <p>Thread-safe: stateless; files may be checked concurrently (as parallel Maven modules do).
 */
public final class NetFrontEnd {
    /**
     * The largest {@code .net} file read, in bytes: far beyond any real network (a thousand layers
     * with every option fit in a few hundred KB), and small enough that parsing a hostile file of
     * that size stays within a few hundred MB of memory and a few seconds.
     */
    public static final long MAX_SOURCE_BYTES = 4L << 20;

    /**
     * The most diagnostics reported for one file, as javac's {@code -Xmaxerrs}: a damaged file of a
     * megabyte could otherwise produce hundreds of thousands. Past it, one last diagnostic says how
     * many more there are.
     */
    public static final int MAX_DIAGNOSTICS = 100;

    private static final Pattern LONE_CR = Pattern.compile("\r(?!\n)");

    private NetFrontEnd() {}

    /**
     * Where to look for and accept weight files, and how to name the file in diagnostics.
     *
     * @param displayName the file as diagnostics show it
     * @param weightsRoots weight files must resolve inside one of these folders (e.g. the project and the
     *     folder of its {@code .net} files); none: anywhere
     * @param readWeights whether the file a {@code weights} directive names is looked for and checked;
     *     false when the weights come from elsewhere (the command line's {@code --weights} or {@code --seed}),
     *     so that a missing or broken file does not stand in the way; the network then has no weights file
     */
    public record Options(String displayName, List<Path> weightsRoots, boolean readWeights) {
        public Options {
            weightsRoots = List.copyOf(weightsRoots);
        }

        /** Options that read the {@code weights} directive's file. */
        public Options(String displayName, List<Path> weightsRoots) {
            this(displayName, weightsRoots, true);
        }

        /** Shows the file by the path given, accepts weight files anywhere. */
        public static Options forFile(Path file) {
            return new Options(file.toString(), List.of());
        }

        /** These options, but leaving the file of a {@code weights} directive unread and unchecked. */
        public Options withoutWeightsFile() {
            return new Options(displayName, weightsRoots, false);
        }
    }

    /** Reads and checks {@code file} (UTF-8); a {@code weights} path is resolved against its folder. */
    public static CheckResult check(Path file) {
        return check(file, Options.forFile(file));
    }

    /** As {@link #check(Path)} with explicit options. */
    public static CheckResult check(Path file, Options options) {
        String text;
        try {
            text = decode(file, options.displayName());
        } catch (InvalidSource e) {
            return CheckResult.failed(List.of(e.diagnostic));
        }
        Path folder = file.toAbsolutePath().getParent();
        return check(new SourceText(options.displayName(), text), file.getFileName().toString(), folder,
                options.weightsRoots(), options.readWeights());
    }

    /**
     * Checks source text held in memory.
     *
     * @param fileName the file name the class name defaults to, e.g. {@code iris.net}
     * @param folder where a {@code weights} path is resolved from
     * @param weightsRoots weight files must resolve inside one of these folders; none: anywhere
     */
    public static CheckResult check(SourceText text, String fileName, Path folder, List<Path> weightsRoots) {
        return check(text, fileName, folder, weightsRoots, true);
    }

    private static CheckResult check(SourceText text, String fileName, Path folder, List<Path> weightsRoots,
            boolean readWeights) {
        // A lone CR ends a line as it does for javac; the lexer counts only LF.
        SourceText source = text.text().indexOf('\r') < 0 ? text
                : new SourceText(text.displayName(), LONE_CR.matcher(text.text()).replaceAll("\n"));
        if (source.text().length() > MAX_SOURCE_BYTES) {
            return CheckResult.failed(List.of(new Diagnostic(source.displayName(), Position.START, "the file is "
                    + source.text().length() + " characters long; a .net file may have at most " + MAX_SOURCE_BYTES
                    + " bytes (4 MiB)", "")));
        }
        NetSyntax.Result parsed = NetSyntax.parse(source);
        Checker.Result checked = Checker.check(source, fileName, parsed.file(), parsed.errors().isEmpty());
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.errors());
        diagnostics.addAll(checked.diagnostics());
        Optional<Path> weights = Optional.empty();
        if (checked.weights().isPresent() && readWeights) {
            StringLiteral declared = checked.weights().get();
            List<String> problems = new ArrayList<>();
            weights = resolveWeights(declared.value(), folder, weightsRoots, problems);
            if (weights.isPresent() && checked.architecture().isPresent() && parsed.errors().isEmpty()) {
                problems.addAll(Weights.problems(checked.architecture().get(), weights.get()));
            } else if (weights.isPresent()) {
                // Without a network to hold the arrays against, what is wrong with the file alone.
                problems.addAll(Weights.fileProblems(weights.get()));
            }
            problems.forEach(p -> diagnostics.add(source.error(declared.position(), p)));
        }
        diagnostics.sort((a, b) -> a.position().compareTo(b.position()));
        if (diagnostics.size() > MAX_DIAGNOSTICS) {
            Diagnostic next = diagnostics.get(MAX_DIAGNOSTICS);
            int more = diagnostics.size() - MAX_DIAGNOSTICS;
            List<Diagnostic> shown = new ArrayList<>(diagnostics.subList(0, MAX_DIAGNOSTICS));
            shown.add(source.error(next.position(), "and " + more + " more error" + (more == 1 ? "" : "s")
                    + " from here on, not shown (at most " + MAX_DIAGNOSTICS + " are reported per file)"));
            return CheckResult.failed(shown, diagnostics.size());
        }
        if (!diagnostics.isEmpty()) {
            return CheckResult.failed(diagnostics);
        }
        Architecture architecture = checked.architecture().orElseThrow();
        return new CheckResult(Optional.of(new CheckedNetwork(architecture, weights)), List.of());
    }

    private static Optional<Path> resolveWeights(String declared, Path folder, List<Path> roots,
            List<String> problems) {
        String shown = Excerpt.shorten(declared);
        if (!declared.toLowerCase(Locale.ROOT).endsWith(".npz")) {
            problems.add("weights file '" + shown + "' is not an .npz file (save weights with np.savez)");
            return Optional.empty();
        }
        Path file;
        try {
            file = folder.resolve(declared).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            problems.add("weights file '" + shown + "' is not a valid path: " + e.getReason());
            return Optional.empty();
        }
        String outside = "weights file '" + shown + "' is outside the project; keep weights inside it, e.g."
                + " beside the .net file";
        if (!roots.isEmpty() && roots.stream().noneMatch(root -> file.startsWith(root.toAbsolutePath().normalize()))) {
            problems.add(outside);
            return Optional.empty();
        }
        if (Files.isDirectory(file)) {
            problems.add("weights file '" + shown + "' is a folder, not a file (looked at "
                    + Excerpt.shorten(file.toString(), 4096) + ")");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            problems.add("weights file '" + shown + "' not found (looked for "
                    + Excerpt.shorten(file.toString(), 4096) + ")");
            return Optional.empty();
        }
        if (!roots.isEmpty()) {
            // The path may stay inside while a symbolic link on it (the file or a folder) leads out.
            try {
                Path real = file.toRealPath();
                if (!insideAny(real, roots)) {
                    problems.add(outside + " (it is a symbolic link to " + real + ")");
                    return Optional.empty();
                }
            } catch (IOException e) {
                problems.add("weights file '" + shown + "' cannot be resolved: " + describe(e));
                return Optional.empty();
            }
        }
        if (!Files.isReadable(file)) {
            problems.add("weights file '" + shown + "' is not readable");
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** Whether {@code real}, a real path, is inside the real path of one of {@code roots}. */
    private static boolean insideAny(Path real, List<Path> roots) throws IOException {
        for (Path root : roots) {
            if (Files.exists(root) && real.startsWith(root.toAbsolutePath().normalize().toRealPath())) {
                return true;
            }
        }
        return false;
    }

    /** UTF-8 text of the file, or a diagnostic at the first byte that is not UTF-8. */
    private static String decode(Path file, String displayName) throws InvalidSource {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_SOURCE_BYTES) {
                throw new InvalidSource(tooLarge(displayName, size + " bytes"));
            }
            // Read no more than the limit even when the size lies (a device or a pipe says 0).
            try (java.io.InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_SOURCE_BYTES + 1);
            }
            if (bytes.length > MAX_SOURCE_BYTES) {
                throw new InvalidSource(tooLarge(displayName, "more than " + MAX_SOURCE_BYTES + " bytes"));
            }
        } catch (IOException | OutOfMemoryError e) {
            throw new InvalidSource(new Diagnostic(displayName, Position.START,
                    "cannot read the file: " + describe(e), ""));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            String before = out.toString();
            int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
            int lineStart = before.lastIndexOf('\n') + 1;
            int column = 1 + before.codePointCount(lineStart, before.length());
            throw new InvalidSource(new SourceText(displayName, before).error(new Position(line, column),
                    String.format("the file is not valid UTF-8 (byte 0x%02X)", bytes[in.position()] & 0xFF)));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static Diagnostic tooLarge(String displayName, String size) {
        return new Diagnostic(displayName, Position.START, "the file is " + size + " long; a .net file may have at"
                + " most " + MAX_SOURCE_BYTES + " bytes (4 MiB)", "");
    }

    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof OutOfMemoryError) {
            return "it is too large";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Carries a diagnostic out of {@link #decode}. */
    private static final class InvalidSource extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Diagnostic diagnostic;

        InvalidSource(Diagnostic diagnostic) {
            super(diagnostic.message(), null, false, false);
            this.diagnostic = diagnostic;
        }
    }
}
