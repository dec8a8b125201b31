package dev.netc.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.netc.dsl.check.Checker;
import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.SourceText;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files made to hurt the front end: a megabyte of parentheses, numbers and names, floods of
 * errors, binary garbage, files too large to read, names too long for a class file, and weight
 * paths that leave the project. Each ends in a network or in diagnostics inside the file, quickly
 * and within bounded memory; the log lines they produce stay short.
 */
class HostileSourceTest {
    private static final int MB = 1 << 20;
    /** Generous: a megabyte takes well under a second once the JIT has warmed up. */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(15);
    /**
     * Bytes a check of a 1 MB file may allocate, garbage included: tokens and the parse tree take about
     * 100 bytes per character of punctuation, and ANTLR's lexer simulates its automaton afresh (and
     * allocates) for every character beyond ASCII, which makes a megabyte of random characters the
     * costliest case at about 1.3 GB allocated, nearly all of it short-lived.
     */
    private static final long ALLOCATION_LIMIT = 2_000L * MB;

    static Stream<Arguments> megabyteFiles() {
        return Stream.of(
                Arguments.of("a megabyte of '('", (Supplier<String>) () -> "dense 4 -> 4 relu" + "(".repeat(MB) + ";"),
                Arguments.of("nested parentheses", (Supplier<String>) () -> "dense 4 -> 4 leaky_relu"
                        + "(".repeat(MB / 2) + ")".repeat(MB / 2) + ";"),
                Arguments.of("parentheses around statements", (Supplier<String>) () -> "(".repeat(MB / 2)
                        + "dense 4 -> 4;" + ")".repeat(MB / 2)),
                Arguments.of("unexpected characters", (Supplier<String>) () -> "@".repeat(MB)),
                Arguments.of("an error per statement", (Supplier<String>) () -> "dense 4 -> 4 @;\n".repeat(MB / 16)),
                Arguments.of("empty statements", (Supplier<String>) () -> ";".repeat(MB)),
                Arguments.of("a huge width", (Supplier<String>) () -> "dense " + "9".repeat(MB) + " -> 4;"),
                Arguments.of("a huge argument", (Supplier<String>) () -> "dense 4 -> 4 leaky_relu(" + "9".repeat(MB)
                        + ");"),
                Arguments.of("a long fraction", (Supplier<String>) () -> "dense 4 -> 4 leaky_relu(0." + "0".repeat(MB)
                        + "1);"),
                Arguments.of("a huge exponent", (Supplier<String>) () -> "dense 4 -> 4 init=normal(1e"
                        + "9".repeat(MB) + ");"),
                Arguments.of("a huge seed", (Supplier<String>) () -> "seed -" + "7".repeat(MB) + "; dense 4 -> 4;"),
                Arguments.of("a huge activation name", (Supplier<String>) () -> "dense 4 -> 4 " + "a".repeat(MB) + ";"),
                Arguments.of("a huge network name", (Supplier<String>) () -> "network N" + "a".repeat(MB)
                        + "; dense 4 -> 4;"),
                Arguments.of("a huge layer name", (Supplier<String>) () -> "dense 4 -> 4 name=n" + "a".repeat(MB)
                        + "; dense 4 -> 4 name=n" + "a".repeat(MB) + ";"),
                Arguments.of("a huge option name", (Supplier<String>) () -> "dense 4 -> 4 o" + "p".repeat(MB)
                        + "=1;"),
                Arguments.of("a huge weights path", (Supplier<String>) () -> "weights \"" + "../".repeat(MB / 3)
                        + "w.npz\"; dense 4 -> 4;"),
                Arguments.of("an unterminated string", (Supplier<String>) () -> "weights \"" + "x".repeat(MB)),
                Arguments.of("an unterminated comment", (Supplier<String>) () -> "dense 4 -> 4; /*"
                        + "* ".repeat(MB / 2)),
                Arguments.of("a megabyte of comments", (Supplier<String>) () -> "dense 4 -> 4;"
                        + "/* comment */ // line\n".repeat(MB / 22)),
                Arguments.of("too many layers", (Supplier<String>) () -> "dense 4 -> 4;\n" + "relu;\n".repeat(MB / 6)),
                Arguments.of("too many dense layers", (Supplier<String>) () -> "dense 4 -> 4;\n".repeat(MB / 14)),
                Arguments.of("duplicate names", (Supplier<String>) () -> "dense 4 -> 4 name=x;\n".repeat(MB / 21)),
                Arguments.of("many line breaks", (Supplier<String>) () -> "\r\n\n\r".repeat(MB / 4) + "dense 4 -> 4 @;"),
                Arguments.of("NUL bytes", (Supplier<String>) () -> "dense 4 -> 4;" + "\u0000".repeat(MB)),
                Arguments.of("random characters", (Supplier<String>) () -> randomCharacters(MB, 1)),
                Arguments.of("random ASCII", (Supplier<String>) () -> randomAscii(MB, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("megabyteFiles")
    void aMegabyteOfHostileTextIsCheckedQuicklyInBoundedMemory(String what, Supplier<String> text) {
        String source = text.get();
        long[] allocated = new long[1];

        CheckResult result = assertTimeoutPreemptively(TIME_LIMIT, () -> {
            long before = allocatedBytes();
            CheckResult r = FrontEndPropertiesTest.assertWellBehaved(source);
            allocated[0] = allocatedBytes() - before;
            return r;
        }, what);

        assertThat(result.ok()).as(what).isEqualTo(what.equals("a long fraction")
                || what.equals("a megabyte of comments"));
        assertThat(allocated[0]).as("bytes allocated checking " + what).isLessThan(ALLOCATION_LIMIT);
        assertThat(result.report().length()).as("the report stays short").isLessThan(101 * 2000);
    }

    @Test
    void theFirstErrorsOfAFloodAreReportedThenHowManyMore() {
        CheckResult result = check("dense 4 -> 4 rellu;\n".repeat(5000));

        // 5001 errors: too many layers (at 1:1), then one per line.
        assertThat(result.diagnostics()).hasSize(NetFrontEnd.MAX_DIAGNOSTICS + 1);
        assertThat(result.errorCount()).isEqualTo(5001);
        assertThat(result.diagnostics().get(0).message()).startsWith("the network has 5000 layers");
        assertThat(result.diagnostics().get(99).headline())
                .isEqualTo("hostile.net:99:14: error: unknown activation 'rellu'; did you mean 'relu'?");
        assertThat(result.diagnostics().get(100).headline()).isEqualTo("hostile.net:100:14: error: and 4901 more"
                + " errors from here on, not shown (at most 100 are reported per file)");
    }

    @Test
    void aLongLineIsShownAroundTheColumnWithTheCaretUnderIt() {
        String text = "dense 4 -> 4 " + "relu ".repeat(200_000) + "@;";

        Diagnostic d = check(text).diagnostics().get(0);

        assertThat(d.headline()).isEqualTo("hostile.net:1:1000014: error: unexpected character '@'");
        String[] lines = d.format().split("\n");
        assertThat(lines[1]).startsWith("...").endsWith("relu @;").hasSizeLessThanOrEqualTo(130);
        assertThat(lines[1].charAt(lines[2].length() - 1)).isEqualTo('@');
        assertThat(lines[2].trim()).isEqualTo("^");
    }

    @Test
    void namesAsLongAsTheLimitCheckAndLongerOnesAreRefusedNamingTheLimit() {
        String longest = "N" + "a".repeat(Checker.MAX_NAME_LENGTH - 1);
        CheckResult ok = check("network " + longest + "; dense 4 -> 4 name=" + longest.toLowerCase() + ";");
        assertThat(ok.diagnostics()).isEmpty();
        assertThat(ok.network().orElseThrow().architecture().name()).isEqualTo(longest);

        CheckResult refused = check("network " + longest + "x; dense 4 -> 4 name=" + longest + "x;");
        String shown = "N" + "a".repeat(36) + "...";
        assertThat(refused.diagnostics()).extracting(Diagnostic::message).containsExactly(
                "network name '" + shown + "' is 201 characters long; at most 200 (it names the generated class and"
                        + " its files, and file names are limited to 255 bytes)",
                "layer name '" + shown + "' is 201 characters long; at most 200 (it names the layer's arrays in"
                        + " weight files)");
    }

    @Test
    void aClassNameFromALongFileNameIsRefusedUnlessTheFileNamesTheNetwork() {
        String fileName = "n".repeat(Checker.MAX_NAME_LENGTH + 1) + ".net";
        CheckResult refused = NetFrontEnd.check(new SourceText(fileName, "dense 4 -> 4;"), fileName, Path.of("."),
                List.of());
        assertThat(refused.report()).contains("the name would be 201 characters long, at most 200; add a directive"
                + " such as 'network MyNetwork;'");

        assertThat(NetFrontEnd.check(new SourceText(fileName, "network Short; dense 4 -> 4;"), fileName,
                Path.of("."), List.of()).ok()).isTrue();
    }

    @Test
    void binaryGarbageIsReportedWhereItStopsBeingUtf8(@TempDir Path dir) throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(3).nextBytes(garbage);
        garbage[0] = 'd';
        garbage[1] = (byte) 0xFF;
        Path file = dir.resolve("garbage.net");
        Files.write(file, garbage);

        CheckResult result = NetFrontEnd.check(file, new NetFrontEnd.Options("garbage.net", List.of(dir)));

        assertThat(result.report()).startsWith("garbage.net:1:2: error: the file is not valid UTF-8 (byte 0xFF)");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.net");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            // A sparse file: its size says 2 GB without using the disk.
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {';'}), (2L << 30) - 1);
        }
        long[] allocated = new long[1];

        CheckResult result = assertTimeoutPreemptively(TIME_LIMIT, () -> {
            long before = allocatedBytes();
            CheckResult r = NetFrontEnd.check(file, new NetFrontEnd.Options("huge.net", List.of(dir)));
            allocated[0] = allocatedBytes() - before;
            return r;
        });

        assertThat(result.report()).isEqualTo("huge.net:1:1: error: the file is 2147483648 bytes long; a .net file"
                + " may have at most 4194304 bytes (4 MiB)\n");
        assertThat(allocated[0]).isLessThan(10L * MB);
    }

    @Test
    void anEndlessFileIsReadOnlyUpToTheLimit(@TempDir Path dir) throws IOException {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero));
        Path file = Files.createSymbolicLink(dir.resolve("endless.net"), zero);

        CheckResult result = assertTimeoutPreemptively(TIME_LIMIT, () -> NetFrontEnd.check(file,
                new NetFrontEnd.Options("endless.net", List.of(dir))));

        assertThat(result.report()).isEqualTo("endless.net:1:1: error: the file is more than 4194304 bytes long; a"
                + " .net file may have at most 4194304 bytes (4 MiB)\n");
    }

    @Test
    void aFileJustUnderTheLimitIsChecked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.net");
        String layer = "dense 4 -> 4;\n";
        String comment = "// padding\n".repeat((int) ((NetFrontEnd.MAX_SOURCE_BYTES - layer.length()) / 11));
        Files.writeString(file, comment + layer, StandardCharsets.UTF_8);
        assertThat(Files.size(file)).isLessThanOrEqualTo(NetFrontEnd.MAX_SOURCE_BYTES);

        CheckResult result = assertTimeoutPreemptively(TIME_LIMIT, () -> NetFrontEnd.check(file));

        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void aFolderOrAnEmptyFileIsADiagnostic(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.net"));
        assertThat(NetFrontEnd.check(folder, new NetFrontEnd.Options("folder.net", List.of(dir))).report())
                .startsWith("folder.net:1:1: error: cannot read the file: ");
        Path empty = Files.createFile(dir.resolve("empty.net"));
        assertThat(NetFrontEnd.check(empty, new NetFrontEnd.Options("empty.net", List.of(dir))).report())
                .startsWith("empty.net:1:1: error: the network has no layers");
    }

    // ---------------------------------------------------------------- weights outside the project

    @Test
    void aWeightsFileThatIsASymbolicLinkOutOfTheProjectIsRefused(@TempDir Path dir) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path outside = writeWeights(Files.createDirectories(dir.resolve("elsewhere")).resolve("secret.npz"));
        Files.createSymbolicLink(project.resolve("w.npz"), outside);
        Path net = Files.writeString(project.resolve("net.net"), "weights \"w.npz\";\ndense 2 -> 2;\n");

        CheckResult result = NetFrontEnd.check(net, new NetFrontEnd.Options("net.net", List.of(project)));

        assertThat(result.report()).startsWith("net.net:1:9: error: weights file 'w.npz' is outside the project; keep"
                + " weights inside it, e.g. beside the .net file (it is a symbolic link to "
                + outside.toRealPath() + ")");
    }

    @Test
    void aWeightsPathThroughALinkedFolderOutOfTheProjectIsRefused(@TempDir Path dir) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        writeWeights(elsewhere.resolve("w.npz"));
        Files.createSymbolicLink(project.resolve("models"), elsewhere);
        Path net = Files.writeString(project.resolve("net.net"), "weights \"models/w.npz\";\ndense 2 -> 2;\n");

        CheckResult result = NetFrontEnd.check(net, new NetFrontEnd.Options("net.net", List.of(project)));

        assertThat(result.report()).contains("weights file 'models/w.npz' is outside the project")
                .contains("symbolic link");
    }

    @Test
    void aSymbolicLinkThatStaysInsideTheProjectIsAccepted(@TempDir Path dir) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path real = writeWeights(Files.createDirectories(project.resolve("shared")).resolve("w.npz"));
        Files.createSymbolicLink(project.resolve("w.npz"), real);
        Path net = Files.writeString(project.resolve("net.net"), "weights \"w.npz\";\ndense 2 -> 2;\n");

        CheckResult result = NetFrontEnd.check(net, new NetFrontEnd.Options("net.net", List.of(project)));

        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void aProjectReachedThroughASymbolicLinkStillAcceptsItsOwnWeights(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectories(dir.resolve("real-project"));
        writeWeights(real.resolve("w.npz"));
        Files.writeString(real.resolve("net.net"), "weights \"w.npz\";\ndense 2 -> 2;\n");
        Path project = Files.createSymbolicLink(dir.resolve("project"), real);

        CheckResult result = NetFrontEnd.check(project.resolve("net.net"), new NetFrontEnd.Options("net.net",
                List.of(project)));

        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void aWeightsPathThatIsAFolderSaysSo(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("w.npz"));
        Path net = Files.writeString(dir.resolve("net.net"), "weights \"w.npz\";\ndense 2 -> 2;\n");

        assertThat(NetFrontEnd.check(net, new NetFrontEnd.Options("net.net", List.of(dir))).report())
                .startsWith("net.net:1:9: error: weights file 'w.npz' is a folder, not a file (looked at "
                        + dir.resolve("w.npz") + ")");
    }

    @Test
    void weightsMayLieInAnyOfTheRoots(@TempDir Path dir) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path models = Files.createDirectories(dir.resolve("models"));
        writeWeights(models.resolve("w.npz"));
        Path net = Files.writeString(models.resolve("net.net"), "weights \"w.npz\";\ndense 2 -> 2;\n");

        assertThat(NetFrontEnd.check(net, new NetFrontEnd.Options("net.net", List.of(project))).report())
                .startsWith("net.net:1:9: error: weights file 'w.npz' is outside the project");
        assertThat(NetFrontEnd.check(net, new NetFrontEnd.Options("net.net", List.of(project, models)))
                .diagnostics()).isEmpty();
    }

    @Test
    void aDanglingSymbolicLinkIsNotFound(@TempDir Path dir) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createSymbolicLink(project.resolve("w.npz"), dir.resolve("gone.npz"));
        Path net = Files.writeString(project.resolve("net.net"), "weights \"w.npz\";\ndense 2 -> 2;\n");

        assertThat(NetFrontEnd.check(net, new NetFrontEnd.Options("net.net", List.of(project))).report())
                .startsWith("net.net:1:9: error: weights file 'w.npz' not found");
    }

    private static Path writeWeights(Path file) throws IOException {
        Architecture architecture = FrontEndPropertiesTest.check("dense 2 -> 2;").network().orElseThrow()
                .architecture();
        Weights.random(architecture, 1).write(file);
        return file;
    }

    private static CheckResult check(String text) {
        return NetFrontEnd.check(new SourceText("hostile.net", text), "hostile.net", Path.of("."), List.of());
    }

    private static String randomCharacters(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append((char) random.nextInt(0x10000));
        }
        return text.toString();
    }

    private static String randomAscii(int length, long seed) {
        Random random = new Random(seed);
        String alphabet = "dense->4;()=,.relu \n\t\r/*\"#0123456789e";
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Bytes the current thread has allocated so far (HotSpot), or 0 where that is not measured. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemoryEnabled()) {
            return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }
}
