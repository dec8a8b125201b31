package dev.netc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single {@code .npy} file goes through the same reader and writer as the arrays of an {@code .npz}. */
class NpyFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenArraysReadBackExactly() throws IOException {
        NpyArray floats = NpyArray.ofFloats("x", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, Float.NaN});
        NpyArray doubles = NpyArray.ofDoubles("y", new int[] {4}, new double[] {0.1, -2, 1e300, Double.NEGATIVE_INFINITY});
        NpyFile.write(dir.resolve("x.npy"), floats);
        NpyFile.write(dir.resolve("y.npy"), doubles);

        NpyArray x = NpyFile.read(dir.resolve("x.npy"), HeaderCheck.NONE);
        NpyArray y = NpyFile.read(dir.resolve("y.npy"), HeaderCheck.NONE);

        assertThat(x.name()).isEqualTo("x");
        assertThat(x.shape()).containsExactly(2, 3);
        assertThat(x.toFloatArray()).containsExactly(1, 2, 3, 4, 5, Float.NaN);
        assertThat(y.dtype()).isEqualTo(DType.F8);
        assertThat(y.toDoubleArray()).containsExactly(0.1, -2, 1e300, Double.NEGATIVE_INFINITY);
    }

    @Test
    void theBytesAreThoseOfAnNpzEntry() throws IOException {
        NpyArray array = NpyArray.ofFloats("w", new int[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6});
        NpyFile.write(dir.resolve("w.npy"), array);
        byte[] file = Files.readAllBytes(dir.resolve("w.npy"));

        assertThat(file.length % 64).as("header padded so the data is 64-byte aligned").isEqualTo(24);
        assertThat(new String(file, 10, 60, java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }");
    }

    @Test
    void problemsNameTheFileAndHeaderChecksComeFirst() throws IOException {
        Path text = Files.writeString(dir.resolve("text.npy"), "1,2,3\n");
        Path truncated = dir.resolve("cut.npy");
        NpyFile.write(truncated, NpyArray.ofDoubles("cut", new int[] {100}, new double[100]));
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(truncated), 200));

        assertThatThrownBy(() -> NpyFile.read(text, HeaderCheck.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage(text + ": not an .npy array: it does not start with the magic string \\x93NUMPY");
        assertThatThrownBy(() -> NpyFile.read(truncated, HeaderCheck.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(truncated + ": header says shape (100,) (800 bytes) but the entry holds");
        assertThatThrownBy(() -> NpyFile.read(truncated, header -> {
            throw new IOException("expected shape (3,)");
        })).isInstanceOf(IOException.class).hasMessage(truncated + ": expected shape (3,)");
    }
}
