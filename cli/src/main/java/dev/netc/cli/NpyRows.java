package dev.netc.cli;

import dev.netc.runtime.Precision;
import dev.netc.runtime.io.DType;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpyFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Samples as a NumPy {@code .npy} file, through the runtime's reader and writer: a 2-D array (one
 * row per sample) or a 1-D array (one sample) in, a 2-D array of the network's precision out.
 */
final class NpyRows {
    private NpyRows() {}

    /** Reads the samples in {@code file}, converted to {@code precision}; each must have {@code width} values. */
    static Batch read(Path file, Precision precision, int width, String network) throws IOException {
        NpyArray array = NpyFile.read(file, header -> {
            int[] shape = header.shape();
            if (shape.length != 1 && shape.length != 2) {
                throw new IOException("an array of " + shape.length + " dimensions; expected one row per sample,"
                        + " shape (samples, " + width + ")");
            }
            int columns = shape[shape.length - 1];
            if (columns != width) {
                throw new IOException("shape " + header.shapeString() + " has rows of " + columns + " values but "
                        + network + " takes " + width + " input" + (width == 1 ? "" : "s")
                        + "; expected shape (samples, " + width + ")");
            }
            if (header.size() == 0) {
                throw new IOException("no rows of numbers (shape " + header.shapeString() + ")");
            }
        });
        int rows = (int) (array.size() / width);
        if (precision == Precision.FLOAT) {
            float[] flat = array.toFloatArray();
            if (array.dtype() == DType.F8) {
                checkRange(flat, array.toDoubleArray(), width, file);
            }
            float[][] batch = new float[rows][];
            for (int r = 0; r < rows; r++) {
                batch[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
            }
            return Batch.of(batch);
        }
        double[] flat = array.toDoubleArray();
        double[][] batch = new double[rows][];
        for (int r = 0; r < rows; r++) {
            batch[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return Batch.of(batch);
    }

    /** Refuses a float64 value that became infinite as a float, naming its row and column (from 1). */
    private static void checkRange(float[] floats, double[] doubles, int width, Path file) {
        for (int i = 0; i < floats.length; i++) {
            if (Float.isInfinite(floats[i]) && !Double.isInfinite(doubles[i])) {
                throw Problem.input(file + ": row " + (i / width + 1) + ", column " + (i % width + 1) + ": "
                        + CsvRows.tooLarge(Double.toString(doubles[i]), Precision.FLOAT));
            }
        }
    }

    /** Writes {@code batch} as a 2-D {@code .npy} array of its precision. */
    static void write(OutputStream out, Batch batch) throws IOException {
        int[] shape = {batch.rows(), batch.columns()};
        NpyArray array;
        if (batch.floats() != null) {
            float[] flat = new float[batch.rows() * batch.columns()];
            for (int r = 0; r < batch.rows(); r++) {
                System.arraycopy(batch.floats()[r], 0, flat, r * batch.columns(), batch.columns());
            }
            array = NpyArray.ofFloats("outputs", shape, flat);
        } else {
            double[] flat = new double[batch.rows() * batch.columns()];
            for (int r = 0; r < batch.rows(); r++) {
                System.arraycopy(batch.doubles()[r], 0, flat, r * batch.columns(), batch.columns());
            }
            array = NpyArray.ofDoubles("outputs", shape, flat);
        }
        NpyFile.write(out, array);
    }
}
