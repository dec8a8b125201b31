package dev.netc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The arrays of a training data file written by {@code np.savez(path, inputs=X, labels=y)} (or
 * {@code savez_compressed}), read as doubles. Unlike weight files (the runtime's {@code NpzReader}, float
 * dtypes only), data files hold integer labels as NumPy makes them: {@code int8} to {@code int64},
 * {@code uint8} to {@code uint64} and {@code bool}, besides {@code float32} and {@code float64}; little-endian,
 * C or Fortran order, at most two dimensions. Anything else throws an {@link IOException} whose message names
 * the array and what was expected (the caller prefixes the file).
 *
 * <p>Memory follows the data that actually arrives: an array is read as its entry's bytes come, up to what its
 * header declares, so a lying header costs nothing.
 */
final class NpzData {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern TYPE = Pattern.compile("([<>|=])([fiub])(\\d+)");

    private NpzData() {}

    /** One array: its shape (one or two dimensions) and its values in C order. */
    record Array(String name, int[] shape, double[] values, boolean integral) {
        int rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** Values per row: 1 for a one-dimensional array. */
        int columns() {
            return shape.length == 2 ? shape[1] : 1;
        }

        String shapeString() {
            return shape.length == 1 ? "(" + shape[0] + ",)"
                    : "(" + String.join(", ", java.util.Arrays.stream(shape).mapToObj(String::valueOf).toList()) + ")";
        }
    }

    /** Every array of {@code file}, by name, in entry order. */
    static Map<String, Array> read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a folder, not an .npz file");
        }
        Map<String, Array> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(name, array(name, in));
                }
            }
        } catch (ZipException e) {
            throw new IOException("not an .npz file (np.savez writes one): " + e.getMessage(), e);
        }
        return arrays;
    }

    private static Array array(String name, InputStream in) throws IOException {
        byte[] start = in.readNBytes(10);
        if (start.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(start, 6), MAGIC)) {
            throw new IOException("array '" + name + "' is not in .npy format");
        }
        int version = start[6];
        int headerLength;
        if (version == 1) {
            headerLength = (start[8] & 0xff) | (start[9] & 0xff) << 8;
        } else if (version == 2 || version == 3) {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) {
                throw new IOException("array '" + name + "' ends inside its header");
            }
            headerLength = (start[8] & 0xff) | (start[9] & 0xff) << 8 | (more[0] & 0xff) << 16 | (more[1] & 0xff) << 24;
        } else {
            throw new IOException("array '" + name + "' has .npy format version " + version + " (1, 2 or 3 expected)");
        }
        if (headerLength < 0 || headerLength > 1 << 20) {
            throw new IOException("array '" + name + "' has a header of " + headerLength + " bytes");
        }
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) {
            throw new IOException("array '" + name + "' ends inside its header");
        }
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new IOException("array '" + name + "' has a header that is not NumPy's: " + header.strip());
        }
        Matcher type = TYPE.matcher(descr.group(1));
        if (!type.matches() || type.group(1).equals(">") && !type.group(3).equals("1")) {
            throw new IOException("array '" + name + "' has dtype '" + descr.group(1) + "'; expected little-endian"
                    + " numbers (float32, float64, or integers for labels)");
        }
        char kind = type.group(2).charAt(0);
        int size = Integer.parseInt(type.group(3));
        boolean known = kind == 'f' ? size == 4 || size == 8 : kind == 'b' ? size == 1 : size == 1 || size == 2
                || size == 4 || size == 8;
        if (!known) {
            throw new IOException("array '" + name + "' has dtype '" + descr.group(1) + "', which netc does not read;"
                    + " expected float32, float64, or integers for labels");
        }
        int[] shape = shape(name, shapeText.group(1));
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException("array '" + name + "' is too large (" + count + " values)");
        }
        long bytes = count * size;
        byte[] data = bytes > Integer.MAX_VALUE - 8 ? null : in.readNBytes((int) bytes);
        if (data == null || data.length < bytes) {
            throw new IOException("array '" + name + "' is cut short: its header says shape "
                    + new Array(name, shape, null, false).shapeString() + " but its data ends early");
        }
        double[] values = decode(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), kind, size, (int) count);
        if (fortran.group(1).equals("True") && shape.length == 2) {
            values = transpose(values, shape[0], shape[1]);
        }
        return new Array(name, shape, values, kind != 'f');
    }

    private static int[] shape(String name, String text) throws IOException {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                try {
                    dims.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException e) {
                    throw new IOException("array '" + name + "' has a shape that is not NumPy's: (" + text + ")");
                }
            }
        }
        if (dims.size() > 2) {
            throw new IOException("array '" + name + "' has " + dims.size() + " dimensions; expected one row per"
                    + " sample, at most 2 dimensions");
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] decode(ByteBuffer data, char kind, int size, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (kind) {
                case 'f' -> size == 4 ? data.getFloat() : data.getDouble();
                case 'b' -> data.get() != 0 ? 1 : 0;
                case 'u' -> switch (size) {
                    case 1 -> data.get() & 0xff;
                    case 2 -> data.getShort() & 0xffff;
                    case 4 -> data.getInt() & 0xffffffffL;
                    default -> unsigned(data.getLong());
                };
                default -> switch (size) {
                    case 1 -> data.get();
                    case 2 -> data.getShort();
                    case 4 -> data.getInt();
                    default -> data.getLong();
                };
            };
        }
        return values;
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2 + (value & 1);
    }

    private static double[] transpose(double[] values, int rows, int columns) {
        double[] c = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < columns; k++) {
                c[r * columns + k] = values[k * rows + r];
            }
        }
        return c;
    }
}
