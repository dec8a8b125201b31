package dev.netc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzRoundTripTest {
    @TempDir
    Path dir;

    private static List<NpyArray> sample() {
        return List.of(
                NpyArray.ofFloats("scalar_f4", new int[0], new float[] {3.5f}),
                NpyArray.ofDoubles("scalar_f8", new int[0], new double[] {-0.0}),
                NpyArray.ofFloats("dense_0.bias", new int[] {3}, new float[] {0.1f, Float.NaN, Float.MIN_VALUE}),
                NpyArray.ofDoubles("vector_f8", new int[] {4},
                        new double[] {Math.PI, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE}),
                NpyArray.ofFloats("dense_0.weights", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                NpyArray.ofDoubles("cube", new int[] {2, 3, 4}, ramp(24)),
                NpyArray.ofFloats("empty_f4", new int[] {0}, new float[0]),
                NpyArray.ofDoubles("empty_f8", new int[] {3, 0, 2}, new double[0]),
                NpyArray.ofFloats("gewicht_ü", new int[] {1, 1}, new float[] {7}));
    }

    private static double[] ramp(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i * 0.25 - 1;
        }
        return d;
    }

    @Test
    void filesReadBackExactlyInOrder() throws IOException {
        Path file = dir.resolve("weights.npz");
        NpzWriter.write(file, sample());
        List<NpyArray> read = NpzReader.read(file, HeaderCheck.NONE);
        assertThat(read).containsExactlyElementsOf(sample());
        assertThat(read.get(3).toDoubleArray()).containsExactly(
                Math.PI, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE);
        assertThat(Float.isNaN(read.get(2).toFloatArray()[1])).isTrue();
        assertThat(read.get(5).shape()).containsExactly(2, 3, 4);
    }

    @Test
    void streamsReadBackExactly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpzWriter.write(out, sample());
        List<NpyArray> read = NpzReader.read(new ByteArrayInputStream(out.toByteArray()), "mem", HeaderCheck.NONE);
        assertThat(read).containsExactlyElementsOf(sample());
    }

    @Test
    void emptyListsMakeEmptyArchives() throws IOException {
        Path file = dir.resolve("empty.npz");
        NpzWriter.write(file, List.of());
        assertThat(Files.size(file)).isEqualTo(22);
        assertThat(NpzReader.read(file, HeaderCheck.NONE)).isEmpty();
    }

    @Test
    void largeArraysSpanManyChunks() throws IOException {
        float[] data = new float[300_001];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 1.5f - 7;
        }
        NpyArray big = NpyArray.ofFloats("big", new int[] {300_001}, data);
        NpyArray wide = NpyArray.ofDoubles("wide", new int[] {100, 1001}, ramp(100_100));
        Path file = dir.resolve("big.npz");
        NpzWriter.write(file, List.of(big, wide));
        assertThat(NpzReader.read(file, HeaderCheck.NONE)).containsExactly(big, wide);
    }

    @Test
    void headersListsWithoutData() throws IOException {
        Path file = dir.resolve("weights.npz");
        NpzWriter.write(file, sample());
        assertThat(NpzReader.headers(file)).extracting(NpyHeader::toString).containsExactly(
                "NpyHeader[name='scalar_f4', dtype=<f4, shape=(), fortranOrder=false]",
                "NpyHeader[name='scalar_f8', dtype=<f8, shape=(), fortranOrder=false]",
                "NpyHeader[name='dense_0.bias', dtype=<f4, shape=(3,), fortranOrder=false]",
                "NpyHeader[name='vector_f8', dtype=<f8, shape=(4,), fortranOrder=false]",
                "NpyHeader[name='dense_0.weights', dtype=<f4, shape=(2, 3), fortranOrder=false]",
                "NpyHeader[name='cube', dtype=<f8, shape=(2, 3, 4), fortranOrder=false]",
                "NpyHeader[name='empty_f4', dtype=<f4, shape=(0,), fortranOrder=false]",
                "NpyHeader[name='empty_f8', dtype=<f8, shape=(3, 0, 2), fortranOrder=false]",
                "NpyHeader[name='gewicht_ü', dtype=<f4, shape=(1, 1), fortranOrder=false]");
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("weights.npz");
        Files.writeString(file, "old contents");
        NpzWriter.write(file, sample());
        assertThat(NpzReader.read(file, HeaderCheck.NONE)).hasSize(sample().size());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aRefusedWriteLeavesTheOldFileUntouched() throws IOException {
        Path file = dir.resolve("weights.npz");
        Files.writeString(file, "old contents");
        NpyArray a = NpyArray.ofFloats("a", new int[0], new float[1]);
        assertThatThrownBy(() -> NpzWriter.write(file, List.of(a, a)))
                .isInstanceOf(IOException.class)
                .hasMessage("weights.npz: duplicate array 'a' (an .npz file holds one entry per name)");
        assertThat(Files.readString(file)).isEqualTo("old contents");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFailedWriteRemovesItsTemporaryFile() throws IOException {
        Path file = dir.resolve("weights.npz");
        Files.createDirectory(file);
        Files.writeString(file.resolve("keep"), "x"); // a non-empty directory cannot be replaced
        assertThatThrownBy(() -> NpzWriter.write(file, sample())).isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writingToAStreamDoesNotCloseIt() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        NpzWriter.write(out, sample());
        assertThat(closed[0]).isFalse();
        assertThat(out.size()).isPositive();
    }
}
