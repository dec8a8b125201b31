package dev.netc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by NumPy itself (see src/test/resources/npz/make_fixtures.py). */
class NumpyFixturesTest {
    @TempDir
    Path dir;

    private static List<NpyArray> load(String resource) throws IOException {
        try (InputStream in = NumpyFixturesTest.class.getResourceAsStream("/npz/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return NpzReader.read(in, resource, HeaderCheck.NONE);
        }
    }

    private static float[] floats(float... values) {
        return values;
    }

    private static double[] doubles(double... values) {
        return values;
    }

    @Test
    void savezFloat32AllRanks() throws IOException {
        List<NpyArray> arrays = load("savez_f4.npz");
        assertThat(arrays).extracting(NpyArray::name)
                .containsExactly("dense_0.weights", "dense_0.bias", "scalar", "empty", "cube");
        assertThat(arrays).extracting(NpyArray::dtype).containsOnly(DType.F4);

        NpyArray weights = arrays.get(0);
        assertThat(weights.shape()).containsExactly(3, 4);
        assertThat(weights.toFloatArray()).containsExactly(
                -1f, -0.75f, -0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f, 1.5f, 1.75f);
        assertThat(arrays.get(1).shapeString()).isEqualTo("(3,)");
        assertThat(arrays.get(1).toFloatArray()).containsExactly(0.1f, -2.5f, 3e-8f);
        assertThat(arrays.get(2).shapeString()).isEqualTo("()");
        assertThat(arrays.get(2).toFloatArray()).containsExactly(7.25f);
        assertThat(arrays.get(3).shape()).containsExactly(0, 3);
        assertThat(arrays.get(3).toFloatArray()).isEmpty();
        NpyArray cube = arrays.get(4);
        assertThat(cube.shape()).containsExactly(2, 3, 4);
        for (int i = 0; i < 24; i++) {
            assertThat(cube.toFloatArray()[i]).isEqualTo(i);
        }
    }

    @Test
    void savezCompressedFloat64() throws IOException {
        List<NpyArray> arrays = load("savez_compressed_f8.npz");
        assertThat(arrays).extracting(NpyArray::name).containsExactly("w", "pi", "special");
        assertThat(arrays).extracting(NpyArray::dtype).containsOnly(DType.F8);
        assertThat(arrays.get(0).shape()).containsExactly(2, 3);
        assertThat(arrays.get(0).toDoubleArray()).containsExactly(0, 0.5, 1, 1.5, 2, 2.5);
        assertThat(arrays.get(1).toDoubleArray()).containsExactly(Math.PI);
        double[] special = arrays.get(2).toDoubleArray();
        assertThat(special[0]).isNaN();
        assertThat(special).hasSize(6);
        assertThat(Double.doubleToRawLongBits(special[3])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(new double[] {special[1], special[2], special[4], special[5]}).containsExactly(
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE);
    }

    @Test
    void fortranOrderComesBackInCOrder() throws IOException {
        List<NpyArray> arrays = load("fortran.npz");
        assertThat(arrays.get(0).shape()).containsExactly(2, 3);
        assertThat(arrays.get(0).toFloatArray()).containsExactly(floats(0, 1, 2, 3, 4, 5));
        double[] expected = new double[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = i;
        }
        assertThat(arrays.get(1).shape()).containsExactly(2, 3, 4);
        assertThat(arrays.get(1).toDoubleArray()).containsExactly(expected);
        assertThat(arrays.get(2).toFloatArray()).containsExactly(floats(0, 1, 2));

        byte[] bytes = TestZips.resource("fortran.npz");
        assertThat(NpzReader.headers(new ByteArrayInputStream(bytes), "fortran.npz"))
                .extracting(NpyHeader::fortranOrder).containsExactly(true, true, false);
    }

    @Test
    void npyFormatVersions2And3() throws IOException {
        List<NpyArray> arrays = load("npy_v2_v3.npz");
        assertThat(arrays.get(0).name()).isEqualTo("v2");
        assertThat(arrays.get(0).toFloatArray()).containsExactly(floats(0.5f, 1.5f, 2.5f, 3.5f));
        assertThat(arrays.get(1).name()).isEqualTo("v3");
        assertThat(arrays.get(1).shape()).containsExactly(3, 2);
        assertThat(arrays.get(1).toDoubleArray()).containsExactly(doubles(-2, -1, 0, 1, 2, 3));
    }

    @Test
    void entriesWithDataDescriptors() throws IOException {
        for (String name : List.of("streamed.npz", "streamed_compressed.npz")) {
            List<NpyArray> arrays = load(name);
            assertThat(arrays).as(name).containsExactly(
                    NpyArray.ofFloats("a", new int[] {5}, floats(0, 2, 4, 6, 8)),
                    NpyArray.ofDoubles("b", new int[] {2, 2}, doubles(1, 0, 0, 1)));
        }
    }

    @Test
    void emptyArchive() throws IOException {
        assertThat(load("empty.npz")).isEmpty();
    }

    @Test
    void readsFromPathsAndNamesTheFile() throws IOException {
        Path file = dir.resolve("weights.npz");
        Files.write(file, TestZips.resource("savez_compressed_f8.npz"));
        assertThat(NpzReader.read(file, HeaderCheck.NONE)).hasSize(3);
        assertThat(NpzReader.headers(file)).extracting(NpyHeader::shapeString).containsExactly("(2, 3)", "()", "(6,)");
    }
}
