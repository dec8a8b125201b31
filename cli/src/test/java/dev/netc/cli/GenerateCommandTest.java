package dev.netc.cli;

import static dev.netc.cli.Cli.BAD;
import static dev.netc.cli.Cli.NETS;
import static dev.netc.cli.Cli.SPIRAL;
import static dev.netc.cli.Cli.TWO_LAYER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.netc.cli.Cli.Result;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path temp;

    @Test
    void generatesClassesAndBundlesWeightsNextToThem() throws Exception {
        Path out = temp.resolve("generated");

        Result result = Cli.run("generate", TWO_LAYER, SPIRAL, "-d", out, "--package", "com.acme.models");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        Path pkg = out.resolve("com/acme/models");
        assertThat(result.out()).isEqualTo(
                TWO_LAYER + " -> " + pkg.resolve("TwoLayer.java") + "\n"
                        + SPIRAL + " -> " + pkg.resolve("SpiralClassifier.java") + "\n"
                        + SPIRAL + " -> " + pkg.resolve("SpiralClassifier.npz") + "\n");
        String source = Files.readString(pkg.resolve("SpiralClassifier.java"));
        assertThat(source).contains("package com.acme.models;", "public final class SpiralClassifier",
                "public static SpiralClassifier pretrained()", "from spiral.net");
        assertThat(Files.mismatch(pkg.resolve("SpiralClassifier.npz"), Cli.EXAMPLES.resolve("spiral.npz"))).isEqualTo(-1L);
    }

    @Test
    void generatedTutorialClassCompilesAndReproducesTheNotebook() throws Exception {
        Path out = temp.resolve("src");
        Path classes = Files.createDirectories(temp.resolve("classes"));
        assertThat(Cli.run("generate", TWO_LAYER, "-d", out).exitCode()).isZero();

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), out.resolve("TwoLayer.java").toString());
        assertThat(compiled).isZero();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> type = loader.loadClass("TwoLayer");
            Object network = type.getMethod("random").invoke(null);
            float[][] batch = {{1f, 2f, 3f, 2.5f}, {2f, 5f, -1f, 2f}, {-1.5f, 2.7f, 3.3f, -0.8f}};
            float[][] output = (float[][]) type.getMethod("predict", float[][].class).invoke(network, (Object) batch);
            // NumPy: np.random.seed(0), two Layer_Dense(4, 4) with ReLU then softmax, as in the notebook.
            float[] numpy = {0.31216803f, 0.23366125f, 0.23584056f, 0.21833019f};
            for (int c = 0; c < 4; c++) {
                assertThat(output[0][c]).isCloseTo(numpy[c], within(1e-6f));
            }
        }
    }

    @Test
    void unchangedFilesAreNotRewritten() throws Exception {
        Path out = temp.resolve("generated");
        Cli.run("generate", TWO_LAYER, "-d", out);
        Path java = out.resolve("TwoLayer.java");
        Files.setLastModifiedTime(java, FileTime.fromMillis(0));

        Result again = Cli.run("generate", TWO_LAYER, "-d", out);

        assertThat(again.exitCode()).isZero();
        assertThat(Files.getLastModifiedTime(java).toMillis()).isZero();
    }

    @Test
    void generatedFilesGetTheUsualPermissionsNotOwnerOnly() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.write(temp.resolve("plain"), new byte[1]));
        Path out = temp.resolve("generated");

        assertThat(Cli.run("generate", SPIRAL, "-d", out).exitCode()).isZero();

        assertThat(Files.getPosixFilePermissions(out.resolve("SpiralClassifier.java"))).isEqualTo(usual);
        assertThat(Files.getPosixFilePermissions(out.resolve("SpiralClassifier.npz"))).isEqualTo(usual);
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "SpiralClassifier.java", "SpiralClassifier.npz");
        }
    }

    @Test
    void aFolderWhereTheClassGoesIsNamed() throws Exception {
        Path out = temp.resolve("generated");
        Files.createDirectories(out.resolve("TwoLayer.java"));

        Result result = Cli.run("generate", TWO_LAYER, "-d", out);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("netc: error: cannot write " + out.resolve("TwoLayer.java")
                + ": it is a folder\n");
    }

    @Test
    void weightsGoToTheResourceFolderWhenGiven() {
        Path out = temp.resolve("java");
        Path resources = temp.resolve("resources");

        Result result = Cli.run("generate", SPIRAL, "-d", out, "-r", resources, "-p", "p");

        assertThat(result.exitCode()).isZero();
        assertThat(resources.resolve("p/SpiralClassifier.npz")).isRegularFile();
        assertThat(out.resolve("p/SpiralClassifier.npz")).doesNotExist();
    }

    @Test
    void theDeprecatedVectorApiFlagWarnsAndChangesNothing() throws Exception {
        Path plain = temp.resolve("plain");
        Path flagged = temp.resolve("flagged");

        Result result = Cli.run("generate", SPIRAL, "-d", flagged, "--vector-api");
        Cli.run("generate", SPIRAL, "-d", plain);

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("--vector-api is deprecated and does nothing")
                .contains("--add-modules jdk.incubator.vector");
        assertThat(Files.readString(flagged.resolve("SpiralClassifier.java")))
                .isEqualTo(Files.readString(plain.resolve("SpiralClassifier.java")));
    }

    @Test
    void badFilesAreReportedAndTheGoodOnesStillGenerated() {
        Path out = temp.resolve("generated");

        Result result = Cli.run("generate", BAD.resolve("typo.net"), TWO_LAYER, "-d", out);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(TWO_LAYER + " -> " + out.resolve("TwoLayer.java") + "\n");
        assertThat(result.err()).startsWith("src/test/resources/bad/typo.net:2:15: error: unknown activation 'rellu'")
                .endsWith("2 errors in 1 file\n");
        assertThat(out.resolve("Typo.java")).doesNotExist();
    }

    @Test
    void twoFilesGivingOneClassIsAnError() {
        Path out = temp.resolve("generated");

        Result result = Cli.run("generate", SPIRAL, NETS.resolve("same_name.net"), "-d", out);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("src/test/resources/nets/same_name.net:1:1: error: class SpiralClassifier is "
                + "also generated from " + SPIRAL + "; give one of them another name with 'network Name;'\n"
                + "1 error in 1 file\n");
    }

    @Test
    void aFileNamedTwiceIsGeneratedOnce() {
        Path out = temp.resolve("generated");

        Result result = Cli.run("generate", SPIRAL, SPIRAL.toAbsolutePath(), "-d", out);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().filter(line -> line.endsWith(".java"))).hasSize(1);
    }

    @Test
    void packageMustBeAJavaPackageName() {
        Result result = Cli.run("generate", SPIRAL, "-d", temp, "--package", "com.1acme");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("netc: error: --package 'com.1acme' is not a Java package name "
                + "(dot-separated identifiers, e.g. com.acme.models)\n");
        assertThat(temp.toFile().list()).isEmpty();
    }

    @Test
    void outputFolderIsRequired() {
        Result result = Cli.run("generate", SPIRAL);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                netc: error: missing required option: '--directory=DIR'
                Try 'netc generate --help' for more information.
                """);
    }

    @Test
    void helpNamesEveryOption() {
        Result result = Cli.run("generate", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: netc generate", "-d, --directory=DIR", "-p, --package=PACKAGE",
                "-r, --resources=DIR", "FILE...");
        assertThat(List.of(result.err())).containsExactly("");
    }
}
