package dev.netc.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads NumPy {@code .npz} weight files: the zip archives written by {@code np.savez(path,
 * **arrays)} and {@code np.savez_compressed}.
 *
 * <p>Every entry must be {@code NAME.npy} holding one array of dtype {@code <f4} or {@code <f8} (or, when
 * asked, another {@link DType}),
 * in C or Fortran order, in {@code .npy} format 1.0, 2.0 or 3.0; entries may be stored or
 * deflated, with or without ZIP64 fields or data descriptors. Arrays come back in entry order with
 * their data in C order.
 *
 * <p>Anything else, and any damage (truncation, bad CRC, sizes that disagree, trailing bytes),
 * is reported as an {@link IOException} whose message starts with the source name and, where
 * known, the array: {@code "weights.npz: array 'b': header says shape (4, 4) (64 bytes) but the
 * entry holds 60 bytes"}. No other exception escapes for any input bytes. Memory is bounded: the
 * reader allocates for an array only after its header passed the {@link HeaderCheck}, and then
 * only as its data actually arrives, so neither a lying header nor a zip bomb can exhaust it.
 *
 * <p>Thread-safe: stateless; concurrent calls may read different files or streams (one stream must not
 * be read by two calls at once).
 */
public final class NpzReader {
    private NpzReader() {}

    /**
     * Reads every array of the file at {@code file}; messages name the file by its file name.
     *
     * @param check consulted for each array before its data is read; {@link HeaderCheck#NONE} to
     *     accept all
     * @return the arrays in entry order; an empty list for an empty archive
     * @throws IOException if the file cannot be read, is not a well-formed {@code .npz} file, or
     *     {@code check} refused an array
     */
    public static List<NpyArray> read(Path file, HeaderCheck check) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(check, "check");
        try (InputStream in = open(file)) {
            return read(in, sourceName(file), check);
        }
    }

    /**
     * Reads every array of an {@code .npz} archive from {@code in}, to its very end (the stream is
     * not closed). No buffering is needed; the reader buffers internally.
     *
     * @param sourceName names the archive in error messages, e.g. a file or resource name
     * @param check consulted for each array before its data is read; {@link HeaderCheck#NONE} to
     *     accept all
     * @return the arrays in entry order; an empty list for an empty archive
     * @throws IOException if the stream fails, does not hold a well-formed {@code .npz} archive,
     *     or {@code check} refused an array
     */
    public static List<NpyArray> read(InputStream in, String sourceName, HeaderCheck check)
            throws IOException {
        return read(in, sourceName, DType.FLOATS, check);
    }

    /**
     * As {@link #read(InputStream, String, HeaderCheck)}, for files that are not weight files: arrays of
     * any of {@code dtypes} are read (data files hold integer labels, {@code <i8} or {@code |u1} as
     * NumPy made them), any other dtype is refused with a message naming these.
     */
    public static List<NpyArray> read(InputStream in, String sourceName, Set<DType> dtypes, HeaderCheck check)
            throws IOException {
        Objects.requireNonNull(check, "check");
        Set<DType> accepted = Set.copyOf(dtypes);
        return walk(in, sourceName, (entry, name, where) -> NpyFormat.read(entry, name, accepted, check, where),
                null);
    }

    /**
     * The headers of every array of the file at {@code file}, in entry order, without keeping any
     * data: for tools that list or check a file. The whole file is still read and verified exactly
     * as {@link #read(Path, HeaderCheck)} would, so an {@link IOException} here means {@code read}
     * would fail too; memory use does not depend on the arrays' sizes.
     *
     * @throws IOException if the file cannot be read or is not a well-formed {@code .npz} file
     */
    public static List<NpyHeader> headers(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = open(file)) {
            return headers(in, sourceName(file));
        }
    }

    /**
     * The headers of {@code file}'s arrays and what is wrong with the ones that cannot be read, for
     * checks that report every problem of a file at once. As {@link #headers(Path)}, except that an
     * array whose own content is at fault (an unsupported dtype, a bad header, a wrong length) does
     * not end the listing when the archive declares its entry's size: it goes into
     * {@link Listing#refused()} and the next entry is read.
     *
     * @throws IOException if the file cannot be read or the archive itself is damaged
     */
    public static Listing listing(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Map<String, String> refused = new LinkedHashMap<>();
        try (InputStream in = open(file)) {
            List<NpyHeader> headers = walk(in, sourceName(file),
                    (entry, name, where) -> NpyFormat.skip(entry, name, DType.FLOATS, HeaderCheck.NONE, where), refused);
            return new Listing(headers, refused);
        }
    }

    /**
     * What {@link #listing(Path)} found.
     *
     * @param headers the headers of the arrays that can be read, in entry order
     * @param refused the other arrays' names, each with its problem (a message naming the file and array)
     */
    public record Listing(List<NpyHeader> headers, Map<String, String> refused) {
        public Listing {
            headers = List.copyOf(headers);
            refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
        }
    }

    /** Opens {@code file}; a folder would open and then fail its first read with no name in the message. */
    private static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder, not an .npz file");
        }
        return Files.newInputStream(file);
    }

    /**
     * The headers of every array in the {@code .npz} archive on {@code in} (read to its end, not
     * closed); see {@link #headers(Path)}.
     *
     * @param sourceName names the archive in error messages
     * @throws IOException if the stream fails or does not hold a well-formed {@code .npz} archive
     */
    public static List<NpyHeader> headers(InputStream in, String sourceName) throws IOException {
        return walk(in, sourceName,
                (entry, name, where) -> NpyFormat.skip(entry, name, DType.FLOATS, HeaderCheck.NONE, where), null);
    }

    /** Reads one entry's array (or header) once its name has been checked. */
    private interface EntryReader<T> {
        T read(ZipInput.Entry entry, String name, NpyFormat.Where where) throws IOException;
    }

    /**
     * Reads every entry with {@code reader}. With {@code refused} non-null, an entry of declared size
     * whose array is at fault is skipped and its problem put there; otherwise the first problem throws.
     */
    private static <T> List<T> walk(InputStream in, String sourceName, EntryReader<T> reader,
            Map<String, String> refused) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        List<T> results = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (ZipInput zip = new ZipInput(in, sourceName)) {
            ZipInput.Entry entry;
            while ((entry = zip.next()) != null) {
                String name = arrayName(entry, sourceName);
                if (!names.add(name)) {
                    throw new IOException(sourceName + ": duplicate array " + Shapes.quote(name)
                            + " (the archive holds two entries " + Shapes.quote(entry.name()) + ")");
                }
                try {
                    results.add(reader.read(entry, name, new NpyFormat.Where(sourceName, name)));
                } catch (NpyFormat.ArrayProblem problem) {
                    if (refused == null || entry.knownSize() < 0) {
                        throw problem;
                    }
                    refused.put(name, problem.getMessage());
                    entry.skipRest();
                }
                entry.finish();
            }
        }
        return Collections.unmodifiableList(results);
    }

    private static String sourceName(Path file) {
        Path fileName = file.getFileName();
        return fileName != null ? fileName.toString() : file.toString();
    }

    /** The array name of an entry {@code NAME.npy}, refusing anything that is not one. */
    private static String arrayName(ZipInput.Entry entry, String source) throws IOException {
        String entryName = entry.name();
        String label = source + ": entry " + Shapes.quote(entryName);
        if (entryName.indexOf('/') >= 0 || entryName.indexOf('\\') >= 0) {
            throw new IOException(label + " has a path in its name (expected a plain NAME.npy)");
        }
        if (!entryName.endsWith(".npy")) {
            throw new IOException(label + " is not an .npy array (an .npz file holds only NAME.npy"
                    + " entries)");
        }
        String name = entryName.substring(0, entryName.length() - ".npy".length());
        String problem = Shapes.nameProblem(name);
        if (problem != null) {
            throw new IOException(label + ": " + problem);
        }
        return name;
    }
}
