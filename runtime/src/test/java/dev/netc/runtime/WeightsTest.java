package dev.netc.runtime;

import static dev.netc.runtime.Networks.dense;
import static dev.netc.runtime.Networks.init;
import static dev.netc.runtime.Networks.network;
import static dev.netc.runtime.Networks.twoLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.runtime.io.DType;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpyHeader;
import dev.netc.runtime.io.NpzReader;
import dev.netc.runtime.io.NpzWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Weights}: random weights equal to the tutorial's NumPy draws, and reading {@code .npz}
 * files with the exact message a user sees for each way a file can fail to fit the network.
 * Fixtures under {@code src/test/resources/reference/} come from {@code make_reference.py}.
 */
class WeightsTest {

    private static final String[] TWO_LAYER_KEYS = {"dense_0.weights", "dense_0.biases", "dense_1.weights",
        "dense_1.biases"};

    /** np.random.seed(0); W1 = 0.1 * np.random.randn(4, 4); W2 = 0.1 * np.random.randn(4, 4). */
    static final double[] SEED0_W1 = {0.1764052345967664, 0.040015720836722335, 0.09787379841057392,
        0.2240893199201458, 0.18675579901499675, -0.0977277879876411, 0.09500884175255894, -0.01513572082976979,
        -0.010321885179355785, 0.04105985019383723, 0.014404357116087799, 0.1454273506962975, 0.07610377251469935,
        0.012167501649282842, 0.04438632327454257, 0.033367432737426685};
    static final double[] SEED0_W2 = {0.14940790731576062, -0.020515826376580087, 0.03130677016509014,
        -0.08540957393017248, -0.25529898158340786, 0.06536185954403606, 0.08644361988595058, -0.0742165020406442,
        0.22697546239876076, -0.1454365674598765, 0.004575851730144607, -0.01871838500258336, 0.15327792143584576,
        0.1469358769900285, 0.015494742569691631, 0.03781625196021736};
    /** The same with np.random.seed(42). */
    static final double[] SEED42_W1 = {0.04967141530112327, -0.013826430117118467, 0.06476885381006925,
        0.15230298564080255, -0.023415337472333597, -0.023413695694918055, 0.15792128155073915, 0.07674347291529088,
        -0.04694743859349521, 0.05425600435859647, -0.046341769281246226, -0.04657297535702569, 0.02419622715660341,
        -0.1913280244657798, -0.1724917832513033, -0.05622875292409727};
    static final double[] SEED42_W2 = {-0.10128311203344238, 0.03142473325952739, -0.0908024075521211,
        -0.14123037013352915, 0.14656487689215542, -0.02257763004865357, 0.006752820468792384, -0.14247481862134567,
        -0.05443827245251827, 0.01109225897098661, -0.11509935774223029, 0.0375698018345672, -0.0600638689918805,
        -0.02916937497932768, -0.060170661222939695, 0.18522781845089378};

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ random

    @Test
    void randomIsTheTutorialsNumpyDrawsInFloat() {
        Weights w = Weights.random(twoLayer(Precision.FLOAT), 0);
        assertThat(w.floats("dense_0.weights")).containsExactly(Networks.floats(SEED0_W1));
        assertThat(w.floats("dense_0.biases")).containsExactly(0f, 0f, 0f, 0f);
        assertThat(w.floats("dense_1.weights")).containsExactly(Networks.floats(SEED0_W2));
        assertThat(w.floats("dense_1.biases")).containsExactly(0f, 0f, 0f, 0f);
        Weights w42 = Weights.random(twoLayer(Precision.FLOAT), 42);
        assertThat(w42.floats("dense_0.weights")).containsExactly(Networks.floats(SEED42_W1));
        assertThat(w42.floats("dense_1.weights")).containsExactly(Networks.floats(SEED42_W2));
    }

    @Test
    void randomIsTheTutorialsNumpyDrawsInDouble() {
        Weights w = Weights.random(twoLayer(Precision.DOUBLE), 0);
        assertThat(w.doubles("dense_0.weights")).containsExactly(SEED0_W1);
        assertThat(w.doubles("dense_0.biases")).containsExactly(0, 0, 0, 0);
        assertThat(w.doubles("dense_1.weights")).containsExactly(SEED0_W2);
        assertThat(w.doubles("dense_1.biases")).containsExactly(0, 0, 0, 0);
        assertThat(Weights.random(twoLayer(Precision.DOUBLE), 42).doubles("dense_1.weights")).containsExactly(SEED42_W2);
    }

    /**
     * Draws go layer by layer, weights then biases, from one stream; a layer without bias draws
     * nothing for it. np.random.seed(0); W1 = 0.1 randn(3, 3); W2 = 0.1 randn(3, 2);
     * b2 = np.random.uniform(-1, 1, 2).
     */
    @Test
    void randomDrawsLayerByLayerWeightsThenBiases() {
        Architecture arch = biasFalseThenUniformBias(Precision.DOUBLE);
        Weights w = Weights.random(arch, 0);
        assertThat(w.doubles("dense_0.weights")).containsExactly(0.1764052345967664, 0.040015720836722335,
                0.09787379841057392, 0.2240893199201458, 0.18675579901499675, -0.0977277879876411,
                0.09500884175255894, -0.01513572082976979, -0.010321885179355785);
        assertThat(w.doubles("dense_1.weights")).containsExactly(0.04105985019383723, 0.014404357116087799,
                0.1454273506962975, 0.07610377251469935, 0.012167501649282842, 0.04438632327454257);
        assertThat(w.doubles("dense_1.biases")).containsExactly(0.957236684465528, 0.5983171284334472);
        assertThatThrownBy(() -> w.doubles("dense_0.biases")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no array 'dense_0.biases'; arrays are [dense_0.weights, dense_1.weights, dense_1.biases]");
    }

    /** {@code dense 3 -> 3 bias=false; dense 3 -> 2 bias_init=uniform(-1, 1);} */
    static Architecture biasFalseThenUniformBias(Precision precision) {
        return network("BiasFree", 3, precision,
                dense("dense_0", 3, 3, ActivationCall.of(Activation.LINEAR), false,
                        InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS)),
                dense("dense_1", 3, 2, ActivationCall.of(Activation.LINEAR), true,
                        InitializerCall.of(Initializer.NORMAL), init(Initializer.UNIFORM, -1, 1)));
    }

    @Test
    void randomIsReproducibleAndDependsOnTheSeed() {
        Architecture arch = twoLayer(Precision.FLOAT);
        assertThat(Weights.random(arch, 123).floats("dense_1.weights"))
                .containsExactly(Weights.random(arch, 123).floats("dense_1.weights"));
        assertThat(Weights.random(arch, 123).floats("dense_1.weights"))
                .isNotEqualTo(Weights.random(arch, 124).floats("dense_1.weights"));
    }

    @Test
    void accessorsReturnCopies() {
        Weights w = Weights.random(twoLayer(Precision.FLOAT), 0);
        w.floats("dense_0.weights")[0] = 99f;
        w.doubles("dense_0.weights")[0] = 99;
        assertThat(w.floats("dense_0.weights")[0]).isEqualTo((float) SEED0_W1[0]);
        assertThat(w.architecture()).isEqualTo(twoLayer(Precision.FLOAT));
    }

    // ------------------------------------------------------------------ write and read

    @Test
    void writeThenReadRoundTripsInFloat() throws IOException {
        Weights w = Weights.random(twoLayer(Precision.FLOAT), 3);
        Path file = dir.resolve("two.npz");
        w.write(file);
        assertThat(NpzReader.headers(file)).extracting(NpyHeader::name).containsExactly(TWO_LAYER_KEYS);
        assertThat(NpzReader.headers(file)).extracting(NpyHeader::dtype).containsOnly(DType.F4);
        assertThat(NpzReader.headers(file)).extracting(NpyHeader::shapeString)
                .containsExactly("(4, 4)", "(4,)", "(4, 4)", "(4,)");
        Weights back = Weights.read(twoLayer(Precision.FLOAT), file);
        for (String key : TWO_LAYER_KEYS) {
            assertThat(back.floats(key)).as(key).containsExactly(w.floats(key));
        }
    }

    @Test
    void writeThenReadRoundTripsInDouble() throws IOException {
        Architecture arch = biasFalseThenUniformBias(Precision.DOUBLE);
        Weights w = Weights.random(arch, 5);
        Path file = dir.resolve("bias_free.npz");
        w.write(file);
        assertThat(NpzReader.headers(file)).extracting(NpyHeader::dtype).containsOnly(DType.F8);
        assertThat(NpzReader.headers(file)).extracting(NpyHeader::name)
                .containsExactly("dense_0.weights", "dense_1.weights", "dense_1.biases");
        Weights back = Weights.read(arch, file);
        for (String key : List.of("dense_0.weights", "dense_1.weights", "dense_1.biases")) {
            assertThat(back.doubles(key)).as(key).containsExactly(w.doubles(key));
        }
    }

    /** NumPy's float64 file, Fortran order, (1, 4) biases: accepted and converted to the network's precision. */
    @Test
    void readsNumpyFloat64FortranOrderWithRowBiases() throws IOException {
        Path file = fixture("two_layer_f8_fortran.npz");
        Weights f = Weights.read(twoLayer(Precision.FLOAT), file);
        // W0[i, j] = (i - 1.5) / 4 + j / 16 in C order, W0[0, 0] = 0.1; W1 = 2 * W0.T
        float[] w0 = f.floats("dense_0.weights");
        assertThat(w0[0]).isEqualTo(0.1f);
        assertThat(w0[1]).isEqualTo(-0.3125f);
        assertThat(w0[4]).isEqualTo(-0.125f);
        assertThat(w0[15]).isEqualTo(0.5625f);
        assertThat(f.floats("dense_0.biases")).containsExactly(0.5f, -0.25f, 0.125f, 1e-3f);
        assertThat(f.floats("dense_1.weights")[4]).isEqualTo(2 * -0.3125f);
        assertThat(f.floats("dense_1.biases")).containsExactly(-1f, -1f, -1f, -1f);

        Weights d = Weights.read(twoLayer(Precision.DOUBLE), file);
        assertThat(d.doubles("dense_0.weights")[0]).isEqualTo(0.1);
        assertThat(d.doubles("dense_0.biases")).containsExactly(0.5, -0.25, 0.125, 1e-3);

        // written back in the network's precision, biases as (OUT,)
        Path out = dir.resolve("back.npz");
        f.write(out);
        assertThat(NpzReader.headers(out)).extracting(NpyHeader::shapeString)
                .containsExactly("(4, 4)", "(4,)", "(4, 4)", "(4,)");
        assertThat(NpzReader.headers(out)).extracting(NpyHeader::dtype).containsOnly(DType.F4);
    }

    @Test
    void readsFloat32IntoADoubleNetworkExactly() throws IOException {
        Path file = dir.resolve("f4.npz");
        Weights.random(twoLayer(Precision.FLOAT), 0).write(file);
        Weights d = Weights.read(twoLayer(Precision.DOUBLE), file);
        double[] expected = new double[16];
        for (int i = 0; i < 16; i++) {
            expected[i] = (float) SEED0_W1[i];
        }
        assertThat(d.doubles("dense_0.weights")).containsExactly(expected);
    }

    @Test
    void readingAFileThatLacksAnArrayNamesItAndItsShape() throws IOException {
        Path file = npz("w.npz", weights("dense_0.weights", 4, 4), weights("dense_0.biases", 4),
                weights("dense_1.weights", 4, 4));
        assertThatThrownBy(() -> Weights.read(twoLayer(Precision.FLOAT), file)).isInstanceOf(IOException.class)
                .hasMessage("w.npz: array 'dense_1.biases' is missing; expected shape (4,)");
        Path two = npz("w2.npz", weights("dense_0.weights", 4, 4), weights("dense_1.biases", 4));
        assertThatThrownBy(() -> Weights.read(twoLayer(Precision.FLOAT), two)).isInstanceOf(IOException.class)
                .hasMessage("w2.npz: array 'dense_0.biases' is missing; expected shape (4,); "
                        + "w2.npz: array 'dense_1.weights' is missing; expected shape (4, 4)");
    }

    @Test
    void readingAFileWithAnExtraArrayNamesItAndTheExpectedOnes() throws IOException {
        Path file = npz("w.npz", weights("dense_0.weights", 4, 4), weights("dense_0.biases", 4),
                weights("dense_1.weights", 4, 4), weights("dense_1.biases", 4), weights("dense_2.weights", 4, 4));
        assertThatThrownBy(() -> Weights.read(twoLayer(Precision.FLOAT), file)).isInstanceOf(IOException.class)
                .hasMessage("w.npz: array 'dense_2.weights': the network has no array of this name (a typo?); "
                        + "it expects dense_0.weights, dense_0.biases, dense_1.weights, dense_1.biases");
    }

    @Test
    void biasesForALayerWithoutBiasAreAnExtraArray() throws IOException {
        Path file = npz("w.npz", weights("dense_0.weights", 3, 3), weights("dense_0.biases", 3),
                weights("dense_1.weights", 3, 2), weights("dense_1.biases", 2));
        assertThatThrownBy(() -> Weights.read(biasFalseThenUniformBias(Precision.FLOAT), file))
                .isInstanceOf(IOException.class)
                .hasMessage("w.npz: array 'dense_0.biases': layer 'dense_0' has bias=false and takes no biases;"
                        + " remove this array, or drop bias=false from the layer");
    }

    @Test
    void readingAnArrayOfTheWrongShapeNamesBothShapes() throws IOException {
        Architecture arch = network("N", 3, Precision.FLOAT, dense("layer", 3, 2, Activation.RELU));
        Path transposed = npz("t.npz", weights("layer.weights", 2, 3), weights("layer.biases", 2));
        assertThatThrownBy(() -> Weights.read(arch, transposed)).isInstanceOf(IOException.class)
                .hasMessage("t.npz: array 'layer.weights': shape (2, 3) does not fit; expected (3, 2)");
        Path column = npz("c.npz", weights("layer.weights", 3, 2), weights("layer.biases", 2, 1));
        assertThatThrownBy(() -> Weights.read(arch, column)).isInstanceOf(IOException.class)
                .hasMessage("c.npz: array 'layer.biases': shape (2, 1) does not fit; expected (2,) or (1, 2)");
        Path flat = npz("f.npz", weights("layer.weights", 6), weights("layer.biases", 2));
        assertThatThrownBy(() -> Weights.read(arch, flat)).isInstanceOf(IOException.class)
                .hasMessage("f.npz: array 'layer.weights': shape (6,) does not fit; expected (3, 2)");
    }

    @Test
    void readingIntegerWeightsNamesTheDtype() {
        Path file = fixture("two_layer_int_weights.npz");
        assertThatThrownBy(() -> Weights.read(twoLayer(Precision.FLOAT), file)).isInstanceOf(IOException.class)
                .hasMessage("two_layer_int_weights.npz: array 'dense_0.weights': dtype '<i8' is not supported, "
                        + "expected '<f4' or '<f8'");
    }

    @Test
    void readingFromAStreamUsesTheGivenName() throws IOException {
        Path file = npz("w.npz", weights("dense_0.weights", 4, 4), weights("dense_0.biases", 4),
                weights("dense_1.weights", 4, 4));
        try (InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> Weights.read(twoLayer(Precision.FLOAT), in, "models/two.npz (classpath)"))
                    .isInstanceOf(IOException.class)
                    .hasMessage("models/two.npz (classpath): array 'dense_1.biases' is missing; expected shape (4,)");
        }
        Path wrong = npz("x.npz", weights("dense_0.weights", 4, 5));
        try (InputStream in = Files.newInputStream(wrong)) {
            assertThatThrownBy(() -> Weights.read(twoLayer(Precision.FLOAT), in, "resource:/x"))
                    .isInstanceOf(IOException.class)
                    .hasMessage("resource:/x: array 'dense_0.weights': shape (4, 5) does not fit; expected (4, 4)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Weights w = Weights.random(twoLayer(Precision.FLOAT), 0);
        NpzWriter.write(bytes, List.of(NpyArray.ofFloats("dense_0.weights", new int[] {4, 4}, w.floats("dense_0.weights")),
                NpyArray.ofFloats("dense_0.biases", new int[] {4}, w.floats("dense_0.biases")),
                NpyArray.ofFloats("dense_1.weights", new int[] {4, 4}, w.floats("dense_1.weights")),
                NpyArray.ofFloats("dense_1.biases", new int[] {4}, w.floats("dense_1.biases"))));
        Weights back = Weights.read(twoLayer(Precision.FLOAT), new ByteArrayInputStream(bytes.toByteArray()), "mem");
        assertThat(back.floats("dense_1.weights")).containsExactly(w.floats("dense_1.weights"));
    }

    // ------------------------------------------------------------------ problems

    @Test
    void problemsListsEveryProblemAtOnce() throws IOException {
        Path file = npz("bad.npz", weights("dense_0.weights", 4, 3), weights("dense_0.biases", 4),
                weights("dense_1.weight", 4, 4), weights("dense_1.biases", 1, 4));
        assertThat(Weights.problems(twoLayer(Precision.FLOAT), file)).containsExactly(
                "bad.npz: array 'dense_0.weights': shape (4, 3) does not fit; expected (4, 4)",
                "bad.npz: array 'dense_1.weight': the network has no array of this name (a typo?); "
                        + "it expects dense_0.weights, dense_0.biases, dense_1.weights, dense_1.biases",
                "bad.npz: array 'dense_1.weights' is missing; expected shape (4, 4)");
        // read stops at the first of them
        assertThatThrownBy(() -> Weights.read(twoLayer(Precision.FLOAT), file))
                .hasMessage("bad.npz: array 'dense_0.weights': shape (4, 3) does not fit; expected (4, 4)");
    }

    @Test
    void problemsListsAnUnreadableArrayBesideTheOtherProblems() throws IOException {
        Path file = dir.resolve("mixed.npz");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            // What np.savez writes for an int32 (4, 4) array, which no network can read, and (5,) floats.
            storedEntry(zip, "dense_0.weights.npy", npy("<i4", "(4, 4)", 64));
            storedEntry(zip, "dense_0.biases.npy", npy("<f4", "(5,)", 20));
        }
        assertThat(Weights.problems(twoLayer(Precision.FLOAT), file)).containsExactly(
                "mixed.npz: array 'dense_0.weights': dtype '<i4' is not supported, expected '<f4' or '<f8'",
                "mixed.npz: array 'dense_0.biases': shape (5,) does not fit; expected (4,) or (1, 4)",
                "mixed.npz: array 'dense_1.weights' is missing; expected shape (4, 4)",
                "mixed.npz: array 'dense_1.biases' is missing; expected shape (4,)");
    }

    @Test
    void problemsIsEmptyForAFileThatLoads() throws IOException {
        Path file = dir.resolve("good.npz");
        Weights.random(twoLayer(Precision.DOUBLE), 0).write(file);
        assertThat(Weights.problems(twoLayer(Precision.FLOAT), file)).isEmpty();
        assertThat(Weights.problems(twoLayer(Precision.DOUBLE), fixture("two_layer_f8_fortran.npz"))).isEmpty();
    }

    @Test
    void problemsReportsADtypeThatDoesNotFit() {
        assertThat(Weights.problems(twoLayer(Precision.FLOAT), fixture("two_layer_int_weights.npz"))).containsExactly(
                "two_layer_int_weights.npz: array 'dense_0.weights': dtype '<i8' is not supported, "
                        + "expected '<f4' or '<f8'");
    }

    @Test
    void problemsReportsAFileThatIsNotAnNpzArchive() throws IOException {
        Path file = dir.resolve("weights.npz");
        Files.writeString(file, "dense_0.weights = [[1, 2], [3, 4]]\n", StandardCharsets.US_ASCII);
        List<String> problems = Weights.problems(twoLayer(Precision.FLOAT), file);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("weights.npz: ");
    }

    @Test
    void problemsReportsAMissingFileByName() {
        Path file = dir.resolve("absent.npz");
        assertThat(Weights.problems(twoLayer(Precision.FLOAT), file)).containsExactly("absent.npz: no such file");
    }

    @Test
    void fileProblemsReportsWhatIsWrongWithTheFileAlone() throws IOException {
        Path garbage = dir.resolve("garbage.npz");
        Files.writeString(garbage, "not a zip", StandardCharsets.US_ASCII);
        assertThat(Weights.fileProblems(garbage)).containsExactly(
                "garbage.npz: not a zip archive (an .npz file is a zip of .npy arrays)");
        assertThat(Weights.fileProblems(fixture("two_layer_int_weights.npz"))).containsExactly(
                "two_layer_int_weights.npz: array 'dense_0.weights': dtype '<i8' is not supported, "
                        + "expected '<f4' or '<f8'");
        // Arrays that do not fit some network are not the file's own problem.
        Path other = npz("other.npz", weights("x", 3));
        assertThat(Weights.fileProblems(other)).isEmpty();
    }

    @Test
    void readingAFolderNamesIt() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("weights.npz"));
        assertThatThrownBy(() -> Weights.read(twoLayer(Precision.FLOAT), folder)).isInstanceOf(IOException.class)
                .hasMessage(folder + ": is a folder, not an .npz file");
        assertThat(Weights.problems(twoLayer(Precision.FLOAT), folder))
                .containsExactly(folder + ": is a folder, not an .npz file");
    }

    // ------------------------------------------------------------------ helpers

    /** A version 1.0 {@code .npy} array of zeros as NumPy writes it, with a header of 118 bytes. */
    private static byte[] npy(String descr, String shape, int dataBytes) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        byte[] header = (dict + " ".repeat(117 - dict.length()) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] npy = new byte[10 + header.length + dataBytes];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0}, 0, npy, 0, 10);
        System.arraycopy(header, 0, npy, 10, header.length);
        return npy;
    }

    /** A stored entry whose local header declares its size, as np.savez writes entries. */
    private static void storedEntry(java.util.zip.ZipOutputStream zip, String name, byte[] content) throws IOException {
        java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(name);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        entry.setMethod(java.util.zip.ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static NpyArray weights(String name, int... shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] data = new float[size];
        for (int i = 0; i < size; i++) {
            data[i] = i / 8f;
        }
        return NpyArray.ofFloats(name, shape, data);
    }

    private Path npz(String name, NpyArray... arrays) throws IOException {
        Path file = dir.resolve(name);
        NpzWriter.write(file, new ArrayList<>(List.of(arrays)));
        return file;
    }

    private static Path fixture(String name) {
        try {
            return Path.of(WeightsTest.class.getResource("/reference/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
