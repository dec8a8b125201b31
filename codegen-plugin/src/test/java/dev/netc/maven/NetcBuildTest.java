package dev.netc.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
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
                "netc/Beta.svg", "netc/Beta.txt", "netc/Gamma.svg", "netc/Gamma.txt", "netc/generate-test.files", "netc/generate-test.state");
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
                "netc/Alpha.svg", "netc/Alpha.txt", "netc/Beta.svg", "netc/Beta.txt", "netc/generate-test.files", "netc/generate-test.state");
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
                "netc/Beta.svg", "netc/Beta.txt", "netc/Delta.svg", "netc/Delta.txt", "netc/generate-test.files", "netc/generate-test.state");
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

    // ---- skipping what did not change (BuildState, Fingerprint)

    @Test
    void aRebuildWithoutChangesSkipsEveryFile() throws IOException {
        ageSources();
        NetcBuild.Result first = build(Optional.empty());
        assertThat(first.unchanged()).isZero();
        assertThat(first.nothingChanged()).isFalse();
        Map<Path, byte[]> before = snapshot();

        NetcBuild.Result second = build(Optional.empty());

        assertThat(second.networks()).isEqualTo(2);
        assertThat(second.unchanged()).isEqualTo(2);
        assertThat(second.nothingChanged()).isTrue();
        // Still one report per network, as the last build wrote it, so that -X shows every table.
        assertThat(second.reports()).extracting(NetcBuild.NetworkReport::changed).containsExactly(false, false);
        assertThat(second.reports().get(0).line()).isEqualTo(first.reports().get(0).line());
        assertThat(second.reports().get(0).fullTable()).isEqualTo(first.reports().get(0).fullTable())
                .contains("Total params: 67");
        assertThat(snapshot()).containsOnlyKeys(before.keySet());
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws IOException {
        ageSources();
        build(Optional.empty());
        // Were alpha.net parsed again, its bytes would now be an error; its size and time say it is unchanged.
        Path alpha = net.resolve("alpha.net");
        FileTime time = Files.getLastModifiedTime(alpha);
        Files.writeString(alpha, "network Alpha; dense 4 -> 8 relu; dense 8 -> 3 softmaxx");
        Files.setLastModifiedTime(alpha, time);

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.failed()).isFalse();
        assertThat(result.unchanged()).isEqualTo(2);
    }

    @Test
    void touchedFilesWithTheSameContentAreCompared() throws IOException {
        ageSources();
        build(Optional.empty());
        FileTime later = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(net.resolve("alpha.net"), later);
        Files.setLastModifiedTime(net.resolve("beta.npz"), later);

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.unchanged()).isEqualTo(2);
        assertThat(result.nothingChanged()).isTrue();
        // The new times are remembered: the next build compares sizes and times only.
        assertThat(Files.readString(state())).contains(later.toMillis() + "000000:");
        assertThat(build(Optional.empty()).unchanged()).isEqualTo(2);
    }

    @Test
    void changedWeightsOfTheSameSizeAreRegenerated() throws IOException {
        ageSources();
        build(Optional.empty());
        Path weights = net.resolve("beta.npz");
        long size = Files.size(weights);
        writeBetaWeights(2);
        assertThat(Files.size(weights)).isEqualTo(size);
        Files.setLastModifiedTime(weights, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.unchanged()).isEqualTo(1);
        assertThat(result.written()).isEqualTo(1);
        assertThat(project.resolve("target/generated-resources/netc/com/acme/Beta.npz")).hasSameBinaryContentAs(weights);
    }

    @Test
    void weightsTurnedBadAreReportedEvenThoughTheNetFileIsUnchanged() throws IOException {
        ageSources();
        build(Optional.empty());
        Files.write(net.resolve("beta.npz"), new byte[] {1, 2, 3});

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.failed()).isTrue();
        assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.file()).endsWith("beta.net"));
        assertThat(result.unchanged()).isEqualTo(1);
    }

    @Test
    void outputsDeletedOrEditedByHandAreRegenerated() throws IOException {
        ageSources();
        build(Optional.empty());
        Map<Path, byte[]> before = snapshot();
        Path alphaJava = project.resolve("target/generated-sources/netc/com/acme/Alpha.java");
        Path betaWeights = project.resolve("target/generated-resources/netc/com/acme/Beta.npz");
        Path betaSummary = project.resolve("target/netc/Beta.txt");
        Files.delete(alphaJava);
        Files.delete(betaWeights);
        Files.writeString(betaSummary, "edited");

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.unchanged()).isZero();
        assertThat(result.written()).isEqualTo(3);
        Map<Path, byte[]> after = snapshot();
        for (Path file : List.of(alphaJava, betaWeights, betaSummary)) {
            assertThat(after.get(file)).as("%s", file).isEqualTo(before.get(file));
        }
        assertThat(build(Optional.empty()).nothingChanged()).isTrue();
    }

    @Test
    void aMissingOrDamagedStateMeansAFullBuild() throws IOException {
        ageSources();
        build(Optional.empty());
        Files.delete(state());
        assertThat(build(Optional.empty()).unchanged()).isZero();
        assertThat(build(Optional.empty()).unchanged()).isEqualTo(2);

        String text = Files.readString(state());
        for (String damaged : List.of("", "garbage", text.replace(":t\t", ":x\t"), text.replace("\t", "\t\\"),
                text.substring(0, text.length() / 2))) {
            Files.writeString(state(), damaged);
            NetcBuild.Result result = build(Optional.empty());
            assertThat(result.failed()).isFalse();
            assertThat(result.unchanged()).as("state %s", damaged).isZero();
            assertThat(result.written()).isZero();
        }
    }

    @Test
    void aFileWithErrorsIsCheckedByEveryBuild() throws IOException {
        ageSources();
        build(Optional.empty());
        Files.writeString(net.resolve("alpha.net"), "network Alpha; dense 4 -> 8 rellu; dense 8 -> 3 softmax;");
        ageSources();

        for (int i = 0; i < 2; i++) {
            NetcBuild.Result result = build(Optional.empty());
            assertThat(result.diagnostics()).singleElement()
                    .satisfies(d -> assertThat(d.toString()).contains("unknown activation 'rellu'"));
            assertThat(result.unchanged()).isEqualTo(1);
            assertThat(project.resolve("target/generated-sources/netc/com/acme/Alpha.java")).isRegularFile();
        }
        // Back to the content its last good outputs were made from: they are up to date again.
        Files.writeString(net.resolve("alpha.net"), "network Alpha; dense 4 -> 8 relu; dense 8 -> 3 softmax;");
        ageSources();
        assertThat(build(Optional.empty()).nothingChanged()).isTrue();
    }

    /**
     * Every parameter of the request decides what the files generate: changing any one checks and generates
     * every file again, the same configuration skips them all. A parameter added to GenerateRequest needs a
     * change here (the first assertion fails until it has one) and a line in NetcBuild.configuration().
     */
    @Test
    void changingAnyParameterOfTheRequestRegeneratesEveryFile() throws Exception {
        Path target = project.resolve("target");
        Map<String, Object> changes = Map.of(
                "projectDirectory", project.resolve("src"),
                "sourceDirectory", project.resolve("src/main/net/com"),
                "includes", List.of("**/*.net", "**/*.nn"),
                "excludes", List.of("**/none.net"),
                "outputDirectory", target.resolve("generated-sources/other"),
                "resourceDirectory", target.resolve("generated-resources/other"),
                "stateDirectory", target.resolve("netc-other"),
                "executionId", "other",
                "packageName", Optional.of("org.other"),
                "generator", "netc-codegen.jar 123 456");
        assertThat(changes.keySet()).as("a change for each parameter of GenerateRequest")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(GenerateRequest.class.getRecordComponents())
                        .map(RecordComponent::getName).toList());
        GenerateRequest same = request(project.resolve("src/main/net"), Optional.empty());
        ageSources();

        for (Map.Entry<String, Object> change : changes.entrySet()) {
            new NetcBuild(same).run();
            assertThat(new NetcBuild(same).run().nothingChanged()).as("the same configuration again").isTrue();

            GenerateRequest changed = with(same, change.getKey(), change.getValue());
            NetcBuild.Result result = new NetcBuild(changed).run();

            assertThat(result.failed()).as(change.getKey()).isFalse();
            assertThat(result.networks()).as(change.getKey()).isEqualTo(2);
            assertThat(result.unchanged()).as("unchanged after changing %s", change.getKey()).isZero();
            assertThat(new NetcBuild(changed).run().unchanged()).as("skipped once %s stays", change.getKey())
                    .isEqualTo(2);
        }
    }

    @Test
    void aNewFileClaimingAnUnchangedFilesClassIsReportedAsInAFullBuild() throws IOException {
        ageSources();
        build(Optional.empty());
        // Sorted before alpha.net, so it takes the class first, as it would in a full build.
        Files.writeString(net.resolve("aaa.net"), "network Alpha; dense 4 -> 2;");

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.toString())
                .contains("alpha.net").contains("class com.acme.Alpha is also generated from"));
    }

    @Test
    void aNewNetworkOfTheSameSimpleNameRenamesAnUnchangedOnesReports() throws IOException {
        ageSources();
        build(Optional.empty());
        Path other = Files.createDirectories(project.resolve("src/main/net/org/other"));
        Files.writeString(other.resolve("alpha.net"), "network Alpha; dense 2 -> 2;");

        NetcBuild.Result result = build(Optional.empty());

        assertThat(result.failed()).isFalse();
        assertThat(result.unchanged()).isEqualTo(1); // Beta
        assertThat(generated()).contains("netc/com.acme.Alpha.txt", "netc/org.other.Alpha.txt")
                .doesNotContain("netc/Alpha.txt", "netc/Alpha.svg");

        // And back: the one left takes the short name again.
        Files.delete(other.resolve("alpha.net"));
        build(Optional.empty());
        assertThat(generated()).contains("netc/Alpha.txt").doesNotContain("netc/com.acme.Alpha.txt");
    }

    @Test
    void aFileModifiedJustBeforeTheBuildIsCheckedAgainByTheNext() throws IOException {
        // Written a moment ago: it could change again within the same tick of the clock, unseen.
        build(Optional.empty());
        assertThat(build(Optional.empty()).unchanged()).isZero();
    }

    @Test
    void fingerprintsAndEscapesSurviveTheirTextForm() {
        Fingerprint fingerprint = new Fingerprint(12, 1_700_000_000_123_456_789L, "ab".repeat(32), false);
        assertThat(Fingerprint.parse(fingerprint.format())).isEqualTo(fingerprint);
        String text = "a\\tb\tc\nd\re\\";
        assertThat(BuildState.unescape(BuildState.escape(text))).isEqualTo(text);
        assertThat(BuildState.escape(text)).doesNotContain("\t", "\n", "\r");
    }

    private NetcBuild.Result build(Optional<String> packageName) throws IOException {
        return build(project.resolve("src/main/net"), packageName);
    }

    private NetcBuild.Result build(Path sourceDirectory, Optional<String> packageName) throws IOException {
        return new NetcBuild(request(sourceDirectory, packageName)).run();
    }

    private GenerateRequest request(Path sourceDirectory, Optional<String> packageName) {
        Path target = project.resolve("target");
        return new GenerateRequest(project, sourceDirectory, List.of("**/*.net"), List.of(),
                target.resolve("generated-sources/netc"), target.resolve("generated-resources/netc"),
                target.resolve("netc"), "test", packageName, "");
    }

    /** {@code request} with its parameter {@code name} set to {@code value}. */
    private static GenerateRequest with(GenerateRequest request, String name, Object value)
            throws ReflectiveOperationException {
        RecordComponent[] components = GenerateRequest.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals(name) ? value : components[i].getAccessor().invoke(request);
        }
        return GenerateRequest.class.getDeclaredConstructor(types).newInstance(values);
    }

    private Path state() {
        return project.resolve("target/netc/generate-test.state");
    }

    /**
     * Dates every source and weights file an hour back, as files are that were not edited just now:
     * the time of a file written a moment before a build is not trusted (see {@link Fingerprint}).
     */
    private void ageSources() throws IOException {
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        try (Stream<Path> files = Files.walk(project.resolve("src"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, hourAgo);
            }
        }
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

    /** Every generated file but the build state, whose fingerprints change as files are checked. */
    private Map<Path, byte[]> snapshot() throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        for (String file : generated()) {
            if (file.endsWith(".state")) {
                continue;
            }
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

    @Test
    void aConfiguredPackageNameThatNamesNoPackageIsOneConfigurationError() {
        assertThat(NetcBuild.configuredPackageProblem(java.util.Optional.of("com..x"))).contains(
                "netc: <packageName> (netc.packageName) 'com..x' is not a Java package name ('' is not an identifier);"
                        + " set it to a name such as com.acme.models");
        assertThat(NetcBuild.configuredPackageProblem(java.util.Optional.of("com.acme.class"))).get().asString()
                .contains("('class' is not an identifier)");
        assertThat(NetcBuild.configuredPackageProblem(java.util.Optional.of("com.acme.models"))).isEmpty();
        assertThat(NetcBuild.configuredPackageProblem(java.util.Optional.empty())).isEmpty();
    }
}
