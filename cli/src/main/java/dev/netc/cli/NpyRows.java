package dev.netc.cli;

import dev.netc.runtime.Precision;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples in NumPy's {@code .npy} format, as {@code np.save} writes them: a 2-D array (one row per
 * sample) or a 1-D array (one sample), dtype {@code <f4} or {@code <f8}, C or Fortran order,
 * format version 1.0, 2.0 or 3.0. Written as version 1.0 in the network's precision, which
 * {@code np.load} reads.
 *
 * <p>The runtime's {@code dev.netc.runtime.io} reads and writes {@code .npz} archives of such
 * arrays, but has no public API for a single {@code .npy} file; this small reader covers the
 * command line's needs.
 */
final class NpyRows {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyRows() {}

    /** Reads the samples in {@code file}, converted to {@code precision}; each must have {@code width} values. */
    static Batch read(Path file, Precision precision, int width, String network) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.toString();
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw Problem.input(name + ": not an .npy file (it does not start with \\x93NUMPY); save arrays with np.save");
        }
        int major = bytes[6] & 0xFF;
        int lengthBytes = major == 1 ? 2 : 4;
        if (major < 1 || major > 3 || bytes.length < 8 + lengthBytes) {
            throw Problem.input(name + ": unsupported .npy format version " + major + "." + (bytes[7] & 0xFF));
        }
        ByteBuffer lead = ByteBuffer.wrap(bytes, 8, lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lead.getShort() & 0xFFFF : lead.getInt() & 0xFFFFFFFFL;
        long dataStart = 8L + lengthBytes + headerLength;
        if (dataStart > bytes.length) {
            throw Problem.input(name + ": the .npy header is truncated");
        }
        String header = new String(bytes, 8 + lengthBytes, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, name, "descr");
        boolean fortran = group(FORTRAN, header, name, "fortran_order").equals("True");
        int[] shape = shape(group(SHAPE, header, name, "shape"), name);

        int itemSize;
        if (descr.equals("<f4")) {
            itemSize = 4;
        } else if (descr.equals("<f8")) {
            itemSize = 8;
        } else {
            throw Problem.input(name + ": dtype '" + descr + "' is not supported; expected <f4 or <f8 "
                    + "(float32 or float64, e.g. x.astype(np.float32))");
        }
        int rows;
        int columns;
        if (shape.length == 2) {
            rows = shape[0];
            columns = shape[1];
        } else if (shape.length == 1) {
            rows = 1;
            columns = shape[0];
        } else {
            throw Problem.input(name + ": an array of " + shape.length + " dimensions; expected one row per "
                    + "sample, shape (samples, " + width + ")");
        }
        if (columns != width) {
            throw Problem.input(name + ": shape " + shapeString(shape) + " has rows of " + columns + " values but "
                    + network + " takes " + width + " input" + (width == 1 ? "" : "s") + "; expected shape (samples, "
                    + width + ")");
        }
        if (rows == 0) {
            throw Problem.input(name + ": no rows of numbers (shape " + shapeString(shape) + ")");
        }
        long expected = (long) rows * columns * itemSize;
        if (bytes.length - dataStart != expected) {
            throw Problem.input(name + ": shape " + shapeString(shape) + " needs " + expected + " bytes of data but the "
                    + "file has " + (bytes.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) expected).order(ByteOrder.LITTLE_ENDIAN);
        float[][] floats = precision == Precision.FLOAT ? new float[rows][columns] : null;
        double[][] doubles = precision == Precision.DOUBLE ? new double[rows][columns] : null;
        for (int i = 0; i < rows * columns; i++) {
            // Element i of the file is (r, c) in C order, or (i % rows, i / rows) in Fortran order.
            int r = fortran ? i % rows : i / columns;
            int c = fortran ? i / rows : i % columns;
            if (itemSize == 4) {
                float v = data.getFloat();
                if (floats != null) {
                    floats[r][c] = v;
                } else {
                    doubles[r][c] = v;
                }
            } else {
                double v = data.getDouble();
                if (floats != null) {
                    floats[r][c] = (float) v;
                } else {
                    doubles[r][c] = v;
                }
            }
        }
        return floats != null ? Batch.of(floats) : Batch.of(doubles);
    }

    /** Writes {@code batch} as a 2-D {@code .npy} array of its precision. */
    static void write(OutputStream out, Batch batch) throws IOException {
        String descr = batch.precision() == Precision.FLOAT ? "<f4" : "<f8";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + batch.rows() + ", "
                + batch.columns() + "), }";
        // Pad with spaces so the data starts at a multiple of 64 bytes, ending the header with '\n'.
        int total = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict).append(" ".repeat(padded - total)).append('\n');
        ByteBuffer lead = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        lead.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(lead.array());
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        int itemSize = batch.precision() == Precision.FLOAT ? 4 : 8;
        ByteBuffer data = ByteBuffer.allocate(batch.rows() * batch.columns() * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < batch.rows(); r++) {
            for (int c = 0; c < batch.columns(); c++) {
                if (batch.floats() != null) {
                    data.putFloat(batch.floats()[r][c]);
                } else {
                    data.putDouble(batch.doubles()[r][c]);
                }
            }
        }
        out.write(data.array());
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String group(Pattern pattern, String header, String name, String key) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw Problem.input(name + ": the .npy header has no readable '" + key + "'");
        }
        return m.group(1);
    }

    private static int[] shape(String text, String name) {
        String trimmed = text.strip();
        if (trimmed.endsWith(",")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] parts = trimmed.split(",");
        int[] shape = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].strip().replaceFirst("L$", ""));
            } catch (NumberFormatException e) {
                throw Problem.input(name + ": the .npy header has an unreadable shape (" + text + ")");
            }
            if (shape[i] < 0) {
                throw Problem.input(name + ": the .npy header has a negative dimension (" + text + ")");
            }
        }
        return shape;
    }

    private static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(')').toString();
    }
}
