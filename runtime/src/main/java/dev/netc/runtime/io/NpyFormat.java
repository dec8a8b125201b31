package dev.netc.runtime.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code .npy} array format: parsing one array out of a zip entry, and the header bytes
 * {@code np.save} writes.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, a major and minor version byte, the header length
 * (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), the header (a Python dict
 * literal, Latin-1 in 1.0/2.0, UTF-8 in 3.0), then the raw elements.
 */
final class NpyFormat {
    /** Headers longer than this are refused before anything is allocated for them. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK_BYTES = 64 * 1024;
    /** Element capacity to start with; the array then grows as data actually arrives. */
    private static final int INITIAL_ELEMENTS = 1 << 16;
    /** NumPy pads each shape with room to grow its first axis to this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int ARRAY_ALIGN = 64;

    private NpyFormat() {}

    /**
     * Names the array in messages, e.g. {@code weights.npz: array 'b'}; the text is only built
     * when a message needs it, which matters for archives holding many small arrays.
     */
    record Where(String source, String array) {
        /** A file that holds one array alone, named by the file. */
        static Where file(String source) {
            return new Where(source, null);
        }

        @Override
        public String toString() {
            return array == null ? source : source + ": array " + Shapes.quote(array);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads one array from {@code entry}, which must hold exactly one {@code .npy} array.
     *
     * @param dtypes the element types accepted; any other is refused, naming these
     * @param where names the file and array in messages
     */
    static NpyArray read(NpySource entry, String name, Set<DType> dtypes, HeaderCheck check, Where where)
            throws IOException {
        NpyHeader header = readHeader(entry, name, dtypes, check, where);
        return readData(entry, header, where);
    }

    /**
     * Reads one array's header, consults {@code check}, then reads past the data without keeping
     * it, still verifying its length (memory stays at one chunk however large the array is).
     */
    static NpyHeader skip(NpySource entry, String name, Set<DType> dtypes, HeaderCheck check, Where where)
            throws IOException {
        NpyHeader header = readHeader(entry, name, dtypes, check, where);
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, header.dataBytes())];
        long left = header.dataBytes();
        while (left > 0) {
            int want = (int) Math.min(chunk.length, left);
            int got = readFully(entry, chunk, 0, want);
            if (got < want) {
                long held = header.dataBytes() - left + got;
                throw fail(where, sizeMismatch(header, Long.toString(held)));
            }
            left -= want;
        }
        if (!entry.atEnd()) {
            throw fail(where, sizeMismatch(header, "more than " + header.dataBytes()));
        }
        return header;
    }

    /**
     * Reads and checks the magic, version and header of the array in {@code entry}, consults
     * {@code check}, and verifies that the entry's size (when the zip header gives it) matches;
     * leaves {@code entry} positioned at the first data byte.
     */
    private static NpyHeader readHeader(NpySource entry, String name, Set<DType> dtypes, HeaderCheck check,
            Where where) throws IOException {
        long entrySize = entry.knownSize();
        byte[] lead = new byte[8];
        int n = readFully(entry, lead, 0, 8);
        if (n < MAGIC.length || !Arrays.equals(Arrays.copyOf(lead, MAGIC.length), MAGIC)) {
            throw fail(where, n == 0 ? "the entry is empty, expected an .npy array"
                    : "not an .npy array: it does not start with the magic string \\x93NUMPY");
        }
        if (n < 8) {
            throw fail(where, "the .npy header is truncated (the entry ends after " + n + " bytes)");
        }
        int major = lead[6] & 0xFF;
        int minor = lead[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw fail(where, "unsupported .npy format version " + major + "." + minor
                    + ", expected 1.0, 2.0 or 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = new byte[lengthBytes];
        if (readFully(entry, lengthField, 0, lengthBytes) < lengthBytes) {
            throw fail(where, "the .npy header is truncated (the entry ends inside the header length)");
        }
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (lengthField[i] & 0xFF);
        }
        long prefixLength = 8 + lengthBytes;
        if (headerLength > MAX_HEADER_BYTES) {
            throw fail(where, "the .npy header claims to be " + headerLength
                    + " bytes long, more than the " + MAX_HEADER_BYTES + " allowed");
        }
        if (entrySize >= 0 && prefixLength + headerLength > entrySize) {
            throw fail(where, "the .npy header claims to be " + headerLength + " bytes long but the entry"
                    + " holds only " + (entrySize - prefixLength) + " bytes after the header length");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        int got = readFully(entry, headerBytes, 0, headerBytes.length);
        if (got < headerBytes.length) {
            throw fail(where, "the .npy header is truncated: it claims " + headerLength
                    + " bytes but the entry ends after " + got);
        }
        String text = decodeHeader(headerBytes, major, where);
        NpyHeader header = parseHeader(text, name, dtypes, where);

        try {
            check.check(header);
        } catch (IOException refused) {
            String why = refused.getMessage() != null ? refused.getMessage() : "refused by the header check";
            throw new IOException(where + ": " + why, refused);
        }

        long dataBytes = header.dataBytes();
        if (entrySize >= 0 && entrySize - prefixLength - headerLength != dataBytes) {
            throw fail(where, sizeMismatch(header, Long.toString(entrySize - prefixLength - headerLength)));
        }
        return header;
    }

    private static String decodeHeader(byte[] bytes, int major, Where where) throws IOException {
        if (major < 3) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(where, "the version 3.0 .npy header is not valid UTF-8");
        }
    }

    /** Turns the header dict into an {@link NpyHeader}, checking everything NumPy would, and its dtype is one of {@code dtypes}. */
    static NpyHeader parseHeader(String text, String name, Set<DType> dtypes, Where where) throws IOException {
        Object parsed;
        try {
            parsed = PyLiteral.parse(text);
        } catch (PyLiteral.SyntaxError e) {
            throw fail(where, "the .npy header is not a valid Python dict literal: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw fail(where, "the .npy header is not a Python dict but " + describe(parsed));
        }
        Map<?, ?> dict = (Map<?, ?>) parsed;
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw fail(where, "the .npy header has no '" + key
                        + "' key (expected 'descr', 'fortran_order' and 'shape')");
            }
        }
        for (Object key : dict.keySet()) {
            if (!List.of("descr", "fortran_order", "shape").contains(key)) {
                throw fail(where, "the .npy header has an unexpected key " + Shapes.quote((String) key)
                        + " (expected only 'descr', 'fortran_order' and 'shape')");
            }
        }

        Object descr = dict.get("descr");
        DType dtype = descr instanceof String ? DType.fromDescr((String) descr).filter(dtypes::contains).orElse(null)
                : null;
        if (dtype == null) {
            String shown = descr instanceof String ? Shapes.quote((String) descr) : repr(descr);
            throw fail(where, "dtype " + shown + " is not supported" + dtypeHint(descr, dtypes)
                    + ", expected " + expected(dtypes));
        }

        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw fail(where, "fortran_order is " + repr(fortran) + ", expected True or False");
        }

        Object shapeValue = dict.get("shape");
        if (!(shapeValue instanceof PyLiteral.Tuple)) {
            throw fail(where, "shape is " + repr(shapeValue) + ", expected a tuple of integers");
        }
        List<Object> dims = ((PyLiteral.Tuple) shapeValue).items();
        String shapeText = repr(shapeValue);
        if (dims.size() > Shapes.MAX_RANK) {
            throw fail(where, "shape has " + dims.size() + " dimensions, at most " + Shapes.MAX_RANK
                    + " are supported");
        }
        int[] shape = new int[dims.size()];
        boolean tooBig = false;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof BigInteger)) {
                throw fail(where, "shape " + shapeText + " is not a tuple of integers");
            }
            BigInteger d = (BigInteger) dims.get(i);
            if (d.signum() < 0) {
                throw fail(where, "shape " + shapeText + " has a negative dimension");
            }
            if (d.compareTo(BigInteger.valueOf(Shapes.MAX_ELEMENTS)) > 0) {
                tooBig = true; // unless another dimension is 0; decided below
            } else {
                shape[i] = d.intValue();
            }
        }
        if (tooBig && !hasZero(dims)) {
            throw fail(where, Shapes.tooBig(shapeText));
        }
        if (tooBig) {
            // e.g. (0, 10**30): no elements, but the dimension cannot be represented in an int[].
            throw fail(where, "shape " + shapeText + " has a dimension larger than "
                    + Shapes.MAX_ELEMENTS);
        }
        String problem = Shapes.problem(shape);
        if (problem != null) {
            throw fail(where, problem);
        }
        return new NpyHeader(name, dtype, shape, (Boolean) fortran);
    }

    private static boolean hasZero(List<Object> dims) {
        for (Object d : dims) {
            if (((BigInteger) d).signum() == 0) {
                return true;
            }
        }
        return false;
    }

    private static String dtypeHint(Object descr, Set<DType> dtypes) {
        if (!(descr instanceof String)) {
            return descr instanceof List ? " (structured dtypes are not supported)" : "";
        }
        String s = (String) descr;
        if (s.startsWith(">") && DType.fromDescr("<" + s.substring(1)).filter(dtypes::contains).isPresent()) {
            return " (big-endian; convert with arr.astype('<" + s.substring(1) + "'))";
        }
        if (s.endsWith("O")) {
            return " (Python objects)";
        }
        return "";
    }

    /** {@code '<f4' or '<f8'}: the descr strings of {@code dtypes}, in declaration order. */
    private static String expected(Set<DType> dtypes) {
        List<String> names = dtypes.stream().sorted().map(t -> Shapes.quote(t.descr())).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String describe(Object value) {
        if (value instanceof PyLiteral.Tuple) {
            return "a tuple";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String) {
            return "a string";
        }
        return repr(value);
    }

    /** Python-style text of a parsed literal, shortened for messages. */
    private static String repr(Object value) {
        StringBuilder sb = new StringBuilder();
        repr(value, sb);
        return sb.length() <= 200 ? sb.toString() : sb.substring(0, 200) + "...";
    }

    private static void repr(Object value, StringBuilder sb) {
        if (sb.length() > 200) {
            return;
        }
        if (value instanceof String) {
            sb.append(Shapes.quote((String) value));
        } else if (value instanceof Boolean) {
            sb.append((Boolean) value ? "True" : "False");
        } else if (value instanceof PyLiteral.Tuple) {
            List<Object> items = ((PyLiteral.Tuple) value).items();
            sb.append('(');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                repr(items.get(i), sb);
            }
            sb.append(items.size() == 1 ? ",)" : ")");
        } else if (value instanceof List) {
            sb.append('[');
            List<?> items = (List<?>) value;
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                repr(items.get(i), sb);
            }
            sb.append(']');
        } else if (value instanceof Map) {
            sb.append("{...}");
        } else {
            sb.append(value); // BigInteger or None
        }
    }

    private static String sizeMismatch(NpyHeader header, String actual) {
        return "header says shape " + header.shapeString() + " (" + header.dataBytes()
                + " bytes) but the entry holds " + actual + " bytes";
    }

    /**
     * Reads the elements in bounded chunks. The destination starts small and doubles as data
     * arrives, so memory follows the bytes actually present rather than the header's promise.
     */
    private static NpyArray readData(NpySource entry, NpyHeader header, Where where)
            throws IOException {
        DType dtype = header.dtype();
        int itemSize = dtype.itemSize();
        int count = (int) header.size();
        // float[], double[] or long[], as NpyArray holds the dtype.
        Object elements = newElements(dtype, Math.min(count, INITIAL_ELEMENTS), header, where);
        int capacity = Math.min(count, INITIAL_ELEMENTS);
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, header.dataBytes())];
        int filled = 0;
        while (filled < count) {
            int n = Math.min(chunk.length / itemSize, count - filled);
            int want = n * itemSize;
            int got = readFully(entry, chunk, 0, want);
            if (got < want) {
                long held = (long) filled * itemSize + got;
                throw fail(where, sizeMismatch(header, Long.toString(held)));
            }
            if (filled + n > capacity) {
                capacity = (int) Math.min(count, Math.max((long) filled + n, 2L * capacity));
                Object bigger = newElements(dtype, capacity, header, where);
                System.arraycopy(elements, 0, bigger, 0, filled);
                elements = bigger;
            }
            decode(dtype, ByteBuffer.wrap(chunk, 0, want).order(ByteOrder.LITTLE_ENDIAN), elements, filled, n);
            filled += n;
        }
        if (!entry.atEnd()) {
            throw fail(where, sizeMismatch(header, "more than " + header.dataBytes()));
        }
        int[] shape = header.shape();
        // Rank 0 and 1 read the same in both orders; otherwise reorder to row-major.
        if (header.fortranOrder() && shape.length > 1 && count > 0) {
            Object c = newElements(dtype, count, header, where);
            fortranToC(elements, c, shape);
            elements = c;
        }
        return NpyArray.adopt(header.name(), dtype, shape, elements);
    }

    // A failed allocation of one large array leaves the heap intact, so it is safe to report it
    // as a refusal of this file rather than letting an OutOfMemoryError escape.
    private static Object newElements(DType dtype, int n, NpyHeader header, Where where) throws IOException {
        try {
            return switch (dtype) {
                case F4 -> new float[n];
                case F8 -> new double[n];
                default -> new long[n];
            };
        } catch (OutOfMemoryError e) {
            throw fail(where, "shape " + header.shapeString() + " needs " + header.dataBytes()
                    + " bytes, more than the Java heap has free");
        }
    }

    /** Reads {@code n} elements of {@code dtype} from {@code data} into {@code elements} from {@code at}. */
    private static void decode(DType dtype, ByteBuffer data, Object elements, int at, int n) {
        switch (dtype) {
            case F4 -> data.asFloatBuffer().get((float[]) elements, at, n);
            case F8 -> data.asDoubleBuffer().get((double[]) elements, at, n);
            case I8, U8 -> data.asLongBuffer().get((long[]) elements, at, n);
            default -> {
                long[] longs = (long[]) elements;
                for (int i = at; i < at + n; i++) {
                    longs[i] = switch (dtype) {
                        case I1 -> data.get();
                        case U1 -> data.get() & 0xFF;
                        case BOOL -> data.get() != 0 ? 1 : 0;
                        case I2 -> data.getShort();
                        case U2 -> data.getShort() & 0xFFFF;
                        case I4 -> data.getInt();
                        case U4 -> data.getInt() & 0xFFFF_FFFFL;
                        default -> throw new AssertionError(dtype);
                    };
                }
            }
        }
    }

    /** Scatters column-major {@code src} into row-major {@code dst} (arrays of one type), walking an index odometer. */
    private static void fortranToC(Object src, Object dst, int[] shape) {
        int[] stride = rowMajorStrides(shape);
        int[] index = new int[shape.length];
        int length = java.lang.reflect.Array.getLength(src);
        int c = 0;
        for (int f = 0; f < length; f++) {
            System.arraycopy(src, f, dst, c, 1);
            c = advance(index, shape, stride, c);
        }
    }

    private static int[] rowMajorStrides(int[] shape) {
        int[] stride = new int[shape.length];
        int s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            stride[k] = s;
            s *= shape[k];
        }
        return stride;
    }

    /** Steps {@code index} to the next element in column-major order; returns its row-major offset. */
    private static int advance(int[] index, int[] shape, int[] stride, int c) {
        for (int k = 0; k < index.length; k++) {
            index[k]++;
            c += stride[k];
            if (index[k] < shape[k]) {
                return c;
            }
            c -= stride[k] * shape[k];
            index[k] = 0;
        }
        return c;
    }

    /** Reads until {@code len} bytes or the end of the entry; returns how many were read. */
    private static int readFully(NpySource entry, byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = entry.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static IOException fail(Where where, String problem) {
        return new ArrayProblem(where + ": " + problem);
    }

    /**
     * What is wrong with one array's {@code .npy} content (its header, dtype, shape or length), as
     * opposed to the archive around it: the archive's next entry can still be read.
     */
    static final class ArrayProblem extends IOException {
        private static final long serialVersionUID = 1L;

        ArrayProblem(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * The bytes {@code np.save} writes before the data of a C-order array: a version 1.0 header
     * with NumPy's key order, spacing and growth padding, padded with spaces and a newline so the
     * data starts at a multiple of 64 bytes.
     */
    static byte[] header(DType dtype, int[] shape) {
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(dtype.descr())
                .append("', 'fortran_order': False, 'shape': ").append(Shapes.format(shape))
                .append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        int headerLength = dict.length() + 1; // + the final newline
        int padding = ARRAY_ALIGN - ((MAGIC.length + 2 + 2 + headerLength) % ARRAY_ALIGN);
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[MAGIC.length + 4 + text.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1; // version 1.0: at most 64 dimensions always fit its 65535-byte header
        out[7] = 0;
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }
}
