package dev.netc.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NetcBuild} without Maven: what a rebuild writes, keeps and removes, byte for byte and
 * timestamp for timestamp, and what it never does (leave temporary files, write owner-only files,
 * delete files it did not write). The invoker tests in {@code src/it} cover the same through Maven.
 */
class NetcBuildTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(946_684_800_000L); // 2000-01-01

    @TempDir
    Path project;
    private Path net;

    @BeforeEach
    void sources() throws IOException {
        net = Files.createDirectories(project.resolve("src/main/net/com/acme"));
        Files.writeString(net.resolve("alpha.net"), "network Alpha; dense 4 -> 8 relu; dense 8 -> 3 softmax;");
        Files.writeString(net.resolve("beta.net"), "weights \"beta.npz\"; dense 2 -> 2 name=out;");
        writeBetaWeights(1);
    }

    @Test
    void theFailureCountsEveryErrorAlsoPastTheHundredReportedPerFile() throws IOException {
        Files.writeString(net.resolve("flood.net"), "dense 4 -> 4 rellu;\n".repeat(150));
        Files.writeString(net.resolve("typo.net"), "dense 4 -> 4 rellu;\n");

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.diagnostics()).hasSize(101 + 1); // 100 of flood.net, how many more, typo.net's one
        assertThat(result.errors()).isEqualTo(151);
        assertThat(GenerateMojo.failure(result)).isEqualTo("netc: 151 errors in 2 .net files; see the messages above");
    }

    @Test
    void aRebuildWithoutChangesRewritesNothing() throws IOException {
        NetcBuild.Result first = build(Optional.empty());
        assertThat(first.failed()).isFalse();
        assertThat(first.written()).isEqualTo(7); // 2 x (java, txt, svg) + the bundled weights
        Map<Path, byte[]> before = ageAndSnapshot();

        NetcBuild.Result second = build(Optional.empty());

        assertThat(second.written()).isZero();
        assertThat(second.removed()).isZero();
        assertUnchanged(before);
    }

    @Test
    void changingOneFileRewritesOnlyItsOutputs() throws IOException {
        build(Optional.empty());
        Map<Path, byte[]> before = ageAndSnapshot();
        Files.writeString(net.resolve("alpha.net"), "network Alpha; dense 4 -> 8 tanh; dense 8 -> 3 softmax;");

        NetcBuild.Result result = build(Optional.empty());

        // Alpha.java, Alpha.txt and Alpha.svg change; Beta's outputs and the manifest do not.
        assertThat(result.written()).isEqualTo(3);
        Map<Path, byte[]> after = snapshot();
        for (Path file : before.keySet()) {
            boolean alpha = file.getFileName().toString().startsWith("Alpha");
            assertThat(Files.getLastModifiedTime(file).equals(LONG_AGO)).as("%s untouched", file).isEqualTo(!alpha);
            assertThat(after.get(file)).as("%s", file).isEqualTo(alpha ? after.get(file) : before.get(file));
        }
    }

    @Test
    void changedWeightsAreCopiedAgainAndOnlyThen() throws IOException {
        build(Optional.empty());
        Path bundled = project.resolve("target/generated-resources/netc/com/acme/Beta.npz");
        assertThat(bundled).hasSameBinaryContentAs(net.resolve("beta.npz"));
        Map<Path, byte[]> before = ageAndSnapshot();
        writeBetaWeights(2);

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.written()).isEqualTo(1);
        assertThat(bundled).hasSameBinaryContentAs(net.resolve("beta.npz"));
        assertThat(Files.getLastModifiedTime(bundled)).isNotEqualTo(LONG_AGO);
        before.remove(bundled);
        assertUnchanged(before);
    }

    @Test
    void renamingANetworkRemovesTheOldClassAndItsReports() throws IOException {
        build(Optional.empty());
        Files.writeString(net.resolve("alpha.net"), "network Gamma; dense 4 -> 8 relu; dense 8 -> 3 softmax;");

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.removed()).isEqualTo(3);
        assertThat(generated()).containsExactlyInAnyOrder("generated-resources/netc/com/acme/Beta.npz",
                "generated-sources/netc/com/acme/Beta.java", "generated-sources/netc/com/acme/Gamma.java",
                "netc/Beta.svg", "netc/Beta.txt", "netc/Gamma.svg", "netc/Gamma.txt", "netc/generate-test.files");
    }

    @Test
    void aFileTurnedBadKeepsItsLastGoodOutputsAndLeavesNoTemporaryFile() throws IOException {
        build(Optional.empty());
        Map<Path, byte[]> before = ageAndSnapshot();
        Files.writeString(net.resolve("alpha.net"), "network Alpha; dense 4 -> 8 rellu; dense 9 -> 3 softmax;");

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.failed()).isTrue();
        assertThat(result.diagnostics()).hasSize(2);
        assertThat(result.written()).isZero();
        assertUnchanged(before);
        assertThat(generated()).noneMatch(f -> f.endsWith(".tmp"));

        // Fixed again, it is regenerated (and its outputs were never forgotten by the manifest).
        Files.writeString(net.resolve("alpha.net"), "network Alpha; dense 4 -> 8 relu; dense 8 -> 3 softmax;");
        assertThat(build(Optional.empty()).written()).isZero();
    }

    @Test
    void changingThePackageMovesEveryOutput() throws IOException {
        build(Optional.empty());

        NetcBuild.Result result = build(Optional.of("org.other"));

        assertThat(result.removed()).isEqualTo(3); // two classes and the weights; summaries keep their names
        assertThat(generated()).containsExactlyInAnyOrder("generated-resources/netc/org/other/Beta.npz",
                "generated-sources/netc/org/other/Alpha.java", "generated-sources/netc/org/other/Beta.java",
                "netc/Alpha.svg", "netc/Alpha.txt", "netc/Beta.svg", "netc/Beta.txt", "netc/generate-test.files");
        assertThat(Files.readString(project.resolve("target/generated-sources/netc/org/other/Alpha.java")))
                .startsWith("package org.other;");
    }

    @Test
    void generatedFilesGetTheUsualPermissionsNotOwnerOnly() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path plain = Files.write(project.resolve("plain.txt"), new byte[] {1});
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(plain);
        assertThat(usual).contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        build(Optional.empty());

        for (String file : generated()) {
            assertThat(Files.getPosixFilePermissions(project.resolve("target").resolve(file))).as(file)
                    .isEqualTo(usual);
        }
    }

    @Test
    void aWriteThatFailsLeavesNoTemporaryFileAndForgetsNothing() throws IOException {
        build(Optional.empty());
        Files.writeString(net.resolve("alpha.net"), "network Gamma; dense 4 -> 8 relu; dense 8 -> 3 softmax;");
        // A folder where Gamma's diagram goes: its Gamma.java and Gamma.txt are written, then the build fails.
        Path blocker = Files.createDirectories(project.resolve("target/netc/Gamma.svg"));
        Files.writeString(blocker.resolve("keep"), "x");

        assertThatThrownBy(() -> build(Optional.empty())).isInstanceOf(IOException.class);

        assertThat(generated()).noneMatch(f -> f.endsWith(".tmp"));
        assertThat(project.resolve("target/generated-sources/netc/com/acme/Gamma.java")).isRegularFile();
        // Once the obstacle is gone and the network renamed once more, nothing of Alpha or Gamma is left over.
        Files.delete(blocker.resolve("keep"));
        Files.delete(blocker);
        Files.writeString(net.resolve("alpha.net"), "network Delta; dense 4 -> 8 relu; dense 8 -> 3 softmax;");
        build(Optional.empty());
        assertThat(generated()).containsExactlyInAnyOrder("generated-resources/netc/com/acme/Beta.npz",
                "generated-sources/netc/com/acme/Beta.java", "generated-sources/netc/com/acme/Delta.java",
                "netc/Beta.svg", "netc/Beta.txt", "netc/Delta.svg", "netc/Delta.txt", "netc/generate-test.files");
    }

    @Test
    void aDamagedManifestCannotDeleteFilesOutsideTheProject(@TempDir Path elsewhere) throws IOException {
        Path precious = Files.writeString(elsewhere.resolve("precious.txt"), "keep me");
        Path manifest = project.resolve("target/netc/generate-test.files");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, net.resolve("gone.net") + "\t" + precious + "\t" + project.resolve("x/../y")
                + "\n\0garbage\t\t\n");

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.failed()).isFalse();
        assertThat(precious).hasContent("keep me");
    }

    @Test
    void weightsBesideNetFilesOutsideTheProjectAreBundled(@TempDir Path shared) throws IOException {
        Path models = Files.createDirectories(shared.resolve("models/com/acme"));
        Files.move(net.resolve("beta.net"), models.resolve("beta.net"));
        Files.move(net.resolve("beta.npz"), models.resolve("beta.npz"));
        Files.writeString(models.resolve("gamma.net"), "weights \"../../../gamma.npz\"; dense 2 -> 2 name=out;");
        Files.copy(models.resolve("beta.npz"), shared.resolve("gamma.npz"));

        NetcBuild.Result result = build(shared.resolve("models"), Optional.empty());

        assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.toString())
                .contains("gamma.net:1:9: error: weights file '../../../gamma.npz' is outside the project"));
        assertThat(project.resolve("target/generated-resources/netc/com/acme/Beta.npz"))
                .hasSameBinaryContentAs(models.resolve("beta.npz"));
    }

    private NetcBuild.Result build(Optional<String> packageName) throws IOException {
        return build(project.resolve("src/main/net"), packageName);
    }

    private NetcBuild.Result build(Path sourceDirectory, Optional<String> packageName) throws IOException {
        Path target = project.resolve("target");
        return new NetcBuild(new GenerateRequest(project, sourceDirectory, List.of("**/*.net"),
                List.of(), target.resolve("generated-sources/netc"), target.resolve("generated-resources/netc"),
                target.resolve("netc"), "test", packageName, dev.netc.codegen.GeneratorOptions.DEFAULT)).run();
    }

    private void writeBetaWeights(long seed) throws IOException {
        Architecture architecture = dev.netc.dsl.NetFrontEnd.check(new dev.netc.dsl.diag.SourceText("beta.net",
                "dense 2 -> 2 name=out;"), "beta.net", net, List.of()).network().orElseThrow().architecture();
        Weights.random(architecture, seed).write(net.resolve("beta.npz"));
    }

    /** Every file below target/, relative to it. */
    private List<String> generated() throws IOException {
        Path target = project.resolve("target");
        try (Stream<Path> files = Files.walk(target)) {
            return files.filter(Files::isRegularFile).map(f -> target.relativize(f).toString()).sorted().toList();
        }
    }

    /** Sets every generated file's timestamp far into the past and returns their contents. */
    private Map<Path, byte[]> ageAndSnapshot() throws IOException {
        Map<Path, byte[]> files = snapshot();
        for (Path file : files.keySet()) {
            Files.setLastModifiedTime(file, LONG_AGO);
        }
        return files;
    }

    private Map<Path, byte[]> snapshot() throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        for (String file : generated()) {
            Path path = project.resolve("target").resolve(file);
            files.put(path, Files.readAllBytes(path));
        }
        return files;
    }

    private void assertUnchanged(Map<Path, byte[]> before) throws IOException {
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            assertThat(e.getKey()).as("%s still there", e.getKey()).isRegularFile();
            assertThat(Files.readAllBytes(e.getKey())).as("%s bytes", e.getKey()).isEqualTo(e.getValue());
            assertThat(Files.getLastModifiedTime(e.getKey())).as("%s timestamp", e.getKey()).isEqualTo(LONG_AGO);
        }
    }
}
