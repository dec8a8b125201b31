package dev.netc.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Writes NumPy {@code .npz} weight files byte for byte as {@code np.savez} (NumPy 1.24 on
 * Python 3.11, Unix) writes them, except that every entry carries the fixed timestamp 1980-01-01
 * 00:00 so the output is reproducible.
 *
 * <p>Each array becomes a stored (uncompressed) entry {@code NAME.npy} with a ZIP64 extra field,
 * holding an {@code .npy} version 1.0 header and the elements in C order, little-endian. The
 * files load with {@code np.load} and with {@link NpzReader}.
 *
 * <p>Thread-safe: stateless; concurrent writes to one path leave one of the complete files (each writes
 * a temporary file and moves it into place).
 */
public final class NpzWriter {
    private static final long LOC_SIG = 0x04034b50L;
    private static final long CEN_SIG = 0x02014b50L;
    private static final long EOCD_SIG = 0x06054b50L;
    private static final long ZIP64_EOCD_SIG = 0x06064b50L;
    private static final long ZIP64_LOCATOR_SIG = 0x07064b50L;
    /** Python's zipfile switches to ZIP64 values above 2 GiB - 1, not 4 GiB - 1. */
    private static final long ZIP64_LIMIT = (1L << 31) - 1;
    private static final int ZIP_FILECOUNT_LIMIT = 0xFFFF;
    private static final int VERSION_DEFAULT = 20;
    private static final int VERSION_ZIP64 = 45;
    private static final int MADE_BY_UNIX = 3;
    private static final int DOS_DATE_1980_01_01 = (1 << 5) | 1;
    private static final long EXTERNAL_ATTR_RW_OWNER = 0600L << 16; // what zipfile.open(..., 'w') sets
    private static final int FLAG_UTF8 = 1 << 11;
    private static final int CHUNK_BYTES = 64 * 1024;

    private NpzWriter() {}

    /**
     * Writes {@code arrays} to {@code file}, replacing it if it exists. The bytes go to a temporary
     * file in the same directory, which is flushed to disk and then renamed over {@code file}, so
     * {@code file} is never seen half-written: after a failure it is untouched (or absent).
     *
     * @throws IOException if two arrays share a name (messages start with the file name), or the
     *     file cannot be written
     */
    public static void write(Path file, List<NpyArray> arrays) throws IOException {
        Objects.requireNonNull(file, "file");
        Path fileName = file.getFileName();
        if (fileName == null) {
            throw new IOException(file + ": not a file path");
        }
        checkNames(arrays, fileName + ": ");
        AtomicFiles.replace(file, out -> writeArchive(out, arrays));
    }

    /**
     * Writes {@code arrays} as an {@code .npz} archive to {@code out}, which is flushed but not
     * closed. Nothing is written if two arrays share a name.
     *
     * @throws IOException if two arrays share a name, or {@code out} fails
     */
    public static void write(OutputStream out, List<NpyArray> arrays) throws IOException {
        Objects.requireNonNull(out, "out");
        checkNames(arrays, "");
        writeArchive(out, arrays);
    }

    private static void checkNames(List<NpyArray> arrays, String prefix) throws IOException {
        Objects.requireNonNull(arrays, "arrays");
        Set<String> names = new HashSet<>();
        for (NpyArray a : arrays) {
            Objects.requireNonNull(a, "arrays contains null");
            if (!names.add(a.name())) {
                throw new IOException(prefix + "duplicate array " + Shapes.quote(a.name())
                        + " (an .npz file holds one entry per name)");
            }
        }
    }

    /** What the central directory needs to know about one written entry. */
    private record Written(byte[] name, boolean utf8, long crc, long size, long offset) {}

    private static void writeArchive(OutputStream target, List<NpyArray> arrays) throws IOException {
        Sink out = new Sink(target);
        byte[] chunk = new byte[CHUNK_BYTES]; // shared by all entries: archives may hold many tiny arrays
        List<Written> written = new ArrayList<>(arrays.size());
        for (NpyArray a : arrays) {
            written.add(writeEntry(out, a, chunk));
        }
        long cenStart = out.count;
        for (Written w : written) {
            writeCentralRecord(out, w);
        }
        long cenEnd = out.count;
        long count = written.size();
        long cenSize = cenEnd - cenStart;
        if (count > ZIP_FILECOUNT_LIMIT || cenStart > ZIP64_LIMIT || cenSize > ZIP64_LIMIT) {
            out.u32(ZIP64_EOCD_SIG);
            out.u64(44);
            out.u16(VERSION_ZIP64);
            out.u16(VERSION_ZIP64);
            out.u32(0);
            out.u32(0);
            out.u64(count);
            out.u64(count);
            out.u64(cenSize);
            out.u64(cenStart);
            out.u32(ZIP64_LOCATOR_SIG);
            out.u32(0);
            out.u64(cenEnd);
            out.u32(1);
            count = Math.min(count, 0xFFFF);
            cenSize = Math.min(cenSize, 0xFFFFFFFFL);
            cenStart = Math.min(cenStart, 0xFFFFFFFFL);
        }
        out.u32(EOCD_SIG);
        out.u16(0);
        out.u16(0);
        out.u16((int) count);
        out.u16((int) count);
        out.u32(cenSize);
        out.u32(cenStart);
        out.u16(0); // comment length
        out.flush();
    }

    private static Written writeEntry(Sink out, NpyArray array, byte[] chunk) throws IOException {
        byte[] header = NpyFormat.header(array.dtype(), array.shape());
        long size = header.length + array.size() * array.dtype().itemSize();
        // The CRC goes in the local header, before the data, so compute it in a first pass.
        CRC32 crc = new CRC32();
        crc.update(header);
        forEachChunk(array, chunk, crc::update);

        String entryName = array.name() + ".npy";
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(entryName);
        byte[] name = entryName.getBytes(ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
        boolean large = size > ZIP64_LIMIT;
        long offset = out.count;

        // np.savez opens every entry with force_zip64=True: a ZIP64 field with both sizes, and
        // the 32-bit fields set to 0xFFFFFFFF only when the sizes do not fit.
        out.u32(LOC_SIG);
        out.u16(large ? VERSION_ZIP64 : VERSION_DEFAULT);
        out.u16(ascii ? 0 : FLAG_UTF8);
        out.u16(0); // stored
        out.u16(0); // time 00:00:00
        out.u16(DOS_DATE_1980_01_01);
        out.u32(crc.getValue());
        out.u32(large ? 0xFFFFFFFFL : size);
        out.u32(large ? 0xFFFFFFFFL : size);
        out.u16(name.length);
        out.u16(20);
        out.write(name, 0, name.length);
        out.u16(0x0001);
        out.u16(16);
        out.u64(size);
        out.u64(size);

        out.write(header, 0, header.length);
        forEachChunk(array, chunk, out::write);
        return new Written(name, !ascii, crc.getValue(), size, offset);
    }

    private static void writeCentralRecord(Sink out, Written w) throws IOException {
        boolean largeSize = w.size > ZIP64_LIMIT;
        boolean largeOffset = w.offset > ZIP64_LIMIT;
        int zip64Values = (largeSize ? 2 : 0) + (largeOffset ? 1 : 0);
        int version = zip64Values > 0 ? VERSION_ZIP64 : VERSION_DEFAULT;
        out.u32(CEN_SIG);
        out.u8(version);
        out.u8(MADE_BY_UNIX);
        out.u16(version);
        out.u16(w.utf8 ? FLAG_UTF8 : 0);
        out.u16(0); // stored
        out.u16(0);
        out.u16(DOS_DATE_1980_01_01);
        out.u32(w.crc);
        out.u32(largeSize ? 0xFFFFFFFFL : w.size);
        out.u32(largeSize ? 0xFFFFFFFFL : w.size);
        out.u16(w.name.length);
        out.u16(zip64Values > 0 ? 4 + 8 * zip64Values : 0);
        out.u16(0); // comment
        out.u16(0); // disk
        out.u16(0); // internal attributes
        out.u32(EXTERNAL_ATTR_RW_OWNER);
        out.u32(largeOffset ? 0xFFFFFFFFL : w.offset);
        out.write(w.name, 0, w.name.length);
        if (zip64Values > 0) {
            out.u16(0x0001);
            out.u16(8 * zip64Values);
            if (largeSize) {
                out.u64(w.size);
                out.u64(w.size);
            }
            if (largeOffset) {
                out.u64(w.offset);
            }
        }
    }

    /** Takes one chunk of bytes. */
    interface ChunkConsumer {
        void accept(byte[] b, int off, int len) throws IOException;
    }

    /** Hands the array's elements, little-endian, to {@code consumer} in chunks the size of {@code chunk}. */
    static void forEachChunk(NpyArray array, byte[] chunk, ChunkConsumer consumer)
            throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        float[] floats = array.floatsView();
        double[] doubles = array.doublesView();
        long[] longs = array.longsView();
        int total = (int) array.size();
        int itemSize = array.dtype().itemSize();
        int perChunk = chunk.length / itemSize;
        for (int start = 0; start < total; start += perChunk) {
            int n = Math.min(perChunk, total - start);
            bb.clear();
            if (floats != null) {
                bb.asFloatBuffer().put(floats, start, n);
            } else if (doubles != null) {
                bb.asDoubleBuffer().put(doubles, start, n);
            } else {
                for (int i = start; i < start + n; i++) {
                    switch (itemSize) {
                        case 1 -> bb.put((byte) longs[i]);
                        case 2 -> bb.putShort((short) longs[i]);
                        case 4 -> bb.putInt((int) longs[i]);
                        default -> bb.putLong(longs[i]);
                    }
                }
            }
            consumer.accept(chunk, 0, n * itemSize);
        }
    }

    /** A buffered, counting little-endian output that never closes its target. */
    private static final class Sink {
        private final OutputStream target;
        private final byte[] buf = new byte[CHUNK_BYTES];
        private int used;
        long count;

        Sink(OutputStream target) {
            this.target = target;
        }

        void write(byte[] b, int off, int len) throws IOException {
            if (len > buf.length - used) {
                drain();
            }
            if (len >= buf.length) {
                target.write(b, off, len);
            } else {
                System.arraycopy(b, off, buf, used, len);
                used += len;
            }
            count += len;
        }

        void u8(int v) throws IOException {
            if (used == buf.length) {
                drain();
            }
            buf[used++] = (byte) v;
            count++;
        }

        void u16(int v) throws IOException {
            u8(v);
            u8(v >>> 8);
        }

        void u32(long v) throws IOException {
            u16((int) (v & 0xFFFF));
            u16((int) ((v >>> 16) & 0xFFFF));
        }

        void u64(long v) throws IOException {
            u32(v & 0xFFFFFFFFL);
            u32(v >>> 32);
        }

        private void drain() throws IOException {
            target.write(buf, 0, used);
            used = 0;
        }

        void flush() throws IOException {
            drain();
            target.flush();
        }
    }
}
