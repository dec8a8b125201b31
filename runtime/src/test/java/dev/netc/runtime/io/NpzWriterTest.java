package dev.netc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzWriterTest {
    @TempDir
    Path dir;

    /** The arrays make_fixtures.py saves with np.savez into savez_reference.npz. */
    private static List<NpyArray> reference() {
        return List.of(
                NpyArray.ofFloats("dense_0.weights", new int[] {2, 3}, new float[] {-1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 3.5f}),
                NpyArray.ofDoubles("dense_0.bias", new int[] {3}, new double[] {0.25, -1.0, 1e300}),
                NpyArray.ofFloats("scalar", new int[0], new float[] {-3f}),
                NpyArray.ofDoubles("empty", new int[] {0}, new double[0]),
                NpyArray.ofFloats("gewicht_\u00fc", new int[] {1, 1, 2}, new float[] {1, 1}));
    }

    @Test
    void aFolderAsTheTargetIsNamedNotTheTemporaryFile() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("weights"));
        Files.writeString(folder.resolve("keep.txt"), "x");

        assertThatThrownBy(() -> NpzWriter.write(folder, reference()))
                .isInstanceOf(IOException.class)
                .hasMessage(folder + ": it is a folder, not a file; name the file to write");
        assertThat(IoErrors.describe(catchIo(() -> NpzWriter.write(folder, reference())))).isEqualTo("it is a folder");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(folder);
        }
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(folder.resolve("keep.txt"));
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static IOException catchIo(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("no IOException");
    }

    @Test
    void writesTheSameBytesAsNpSavez() throws IOException {
        Path file = dir.resolve("w.npz");
        NpzWriter.write(file, reference());
        assertThat(Files.readAllBytes(file)).isEqualTo(TestZips.resource("savez_reference.npz"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpzWriter.write(out, reference());
        assertThat(out.toByteArray()).isEqualTo(TestZips.resource("savez_reference.npz"));
    }

    @Test
    void headersArePaddedSoDataStartsAt64Bytes() throws IOException {
        for (int[] shape : new int[][] {{}, {3}, {4, 16}, {1234567, 0}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}) {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            NpzWriter.write(out, List.of(NpyArray.ofFloats("a", shape, new float[size])));
            byte[] zip = out.toByteArray();
            int npyStart = 30 + "a.npy".length() + 20; // local header, name, ZIP64 extra
            int headerLength = (zip[npyStart + 8] & 0xFF) | (zip[npyStart + 9] & 0xFF) << 8;
            String header = new String(zip, npyStart + 10, headerLength, StandardCharsets.ISO_8859_1);
            String shapeText = NpyArray.ofFloats("a", shape, new float[size]).shapeString();
            assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }")
                    .endsWith("\n");
            assertThat(header.strip()).endsWith("}");
            assertThat((10 + headerLength) % 64).isZero();
            assertThat(zip[npyStart + 6]).isEqualTo((byte) 1);
            assertThat(zip[npyStart + 7]).isEqualTo((byte) 0);
        }
    }

    @Test
    void refusesDuplicateNamesBeforeWritingAnything() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyArray a = NpyArray.ofFloats("a", new int[0], new float[1]);
        NpyArray b = NpyArray.ofDoubles("a", new int[] {1}, new double[1]);
        assertThatThrownBy(() -> NpzWriter.write(out, List.of(a, b)))
                .isInstanceOf(IOException.class)
                .hasMessage("duplicate array 'a' (an .npz file holds one entry per name)");
        assertThat(out.size()).isZero();
    }
}
