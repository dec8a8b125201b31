package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.io.HeaderCheck;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpzReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The NumPy reference cases: the shared ones (copied from {@code shared/conformance}) and ours
 * ({@code numpy-cases}, written by {@code src/test/numpy/make_cases.py}: every activation in both
 * precisions and both kernels, batches around the block and chunk sizes, inputs with zeros). Each
 * network is checked, generated, compiled and loaded with its {@code weights.npz}, and both
 * {@code predict(batch)} and {@code predict(sample)} must match NumPy's outputs within the case's
 * tolerance, {@code |got - expected| <= atol + rtol * |expected|}.
 */
class ConformanceTest {
    private static final List<Path> CASE_ROOTS =
            List.of(Path.of("src/test/resources/conformance"), Path.of("src/test/resources/numpy-cases"));
    private static final String PACKAGE = "conformance";
    private static final List<Case> CASE_LIST = new ArrayList<>();
    private static ClassLoader loader;

    /** One case folder: its network, precision and tolerance. */
    private record Case(Path folder, Architecture architecture, String precision, double rtol, double atol) {}

    @BeforeAll
    static void generateEveryCase() throws IOException {
        List<JavaFile> files = new ArrayList<>();
        for (Path folder : caseFolders()) {
            String json = Files.readString(folder.resolve("case.json"));
            Path net = folder.resolve(CaseFiles.field(json, "net"));
            CheckResult result = NetFrontEnd.check(net);
            assertThat(result.diagnostics()).as(result.report()).isEmpty();
            Architecture architecture = result.network().orElseThrow().architecture();
            CASE_LIST.add(new Case(folder, architecture, CaseFiles.field(json, "precision"),
                    Double.parseDouble(CaseFiles.field(json, "rtol")), Double.parseDouble(CaseFiles.field(json, "atol"))));
            files.add(NetworkGenerator.generate(architecture, PACKAGE, false, net.getFileName().toString()));
        }
        assertThat(CASE_LIST).hasSizeGreaterThanOrEqualTo(8 + 25);
        loader = InMemoryCompiler.compile(files);
    }

    private static List<Path> caseFolders() throws IOException {
        List<Path> folders = new ArrayList<>();
        for (Path root : CASE_ROOTS) {
            try (Stream<Path> children = Files.list(root)) {
                children.filter(f -> Files.exists(f.resolve("case.json"))).sorted().forEach(folders::add);
            }
        }
        return folders;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesNumpy() {
        return CASE_LIST.stream().map(c -> DynamicTest.dynamicTest(c.folder().getFileName().toString(), () -> run(c)));
    }

    private static void run(Case c) throws Exception {
        Class<?> type = loader.loadClass(PACKAGE + "." + c.architecture().name());
        Generated network = Generated.create(type, "load", new Class<?>[] {Path.class}, c.folder().resolve("weights.npz"));
        List<NpyArray> io = NpzReader.read(c.folder().resolve("io.npz"), HeaderCheck.NONE);
        NpyArray inputs = io.stream().filter(a -> a.name().equals("inputs")).findFirst().orElseThrow();
        NpyArray expected = io.stream().filter(a -> a.name().equals("expected")).findFirst().orElseThrow();
        int rows = inputs.shape()[0];
        int columns = inputs.shape()[1];
        int outputs = expected.shape()[1];
        double[] want = expected.toDoubleArray();
        double[] x = inputs.toDoubleArray();

        double[] batchResult = new double[rows * outputs];
        double[] singleResult = new double[rows * outputs];
        if (c.precision().equals("double")) {
            double[][] batch = new double[rows][columns];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, r * columns, batch[r], 0, columns);
            }
            double[][] got = network.predict(batch);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(got[r], 0, batchResult, r * outputs, outputs);
                System.arraycopy(network.predict(batch[r]), 0, singleResult, r * outputs, outputs);
            }
        } else {
            float[][] batch = new float[rows][columns];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < columns; j++) {
                    batch[r][j] = (float) x[r * columns + j];
                }
            }
            float[][] got = network.predict(batch);
            for (int r = 0; r < rows; r++) {
                float[] single = network.predict(batch[r]);
                for (int j = 0; j < outputs; j++) {
                    batchResult[r * outputs + j] = got[r][j];
                    singleResult[r * outputs + j] = single[j];
                }
            }
        }
        assertAllClose(c, "batch", batchResult, want);
        assertAllClose(c, "single", singleResult, want);
    }

    private static void assertAllClose(Case c, String mode, double[] got, double[] want) {
        CaseFiles.assertAllClose(c.folder().getFileName() + " (" + mode + " predict)", c.atol(), c.rtol(), got, want);
    }
}
