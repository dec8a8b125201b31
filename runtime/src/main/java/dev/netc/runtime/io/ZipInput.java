package dev.netc.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A strict, streaming reader of zip archives, written for {@code .npz} files.
 *
 * <p>It walks the local entries front to back (so it works on any {@link InputStream}), then
 * checks that the central directory lists exactly those entries with the same sizes, CRCs and
 * offsets, and that nothing follows the end record. A file cut short anywhere, or corrupted, is
 * therefore reported instead of silently yielding fewer arrays.
 *
 * <p>{@code java.util.zip} is used only for {@link Inflater} and {@link CRC32}: ZipInputStream
 * cannot read stored entries with data descriptors, does not notice a missing central directory
 * and throws unchecked exceptions on some malformed names. Memory use is one 64 KiB buffer plus a
 * small record per entry; entry data is handed to the caller in pieces it asks for.
 */
final class ZipInput implements AutoCloseable {
    private static final long LOC_SIG = 0x04034b50L;
    private static final long CEN_SIG = 0x02014b50L;
    private static final long EOCD_SIG = 0x06054b50L;
    private static final long ZIP64_EOCD_SIG = 0x06064b50L;
    private static final long ZIP64_LOCATOR_SIG = 0x07064b50L;
    private static final long DESCRIPTOR_SIG = 0x08074b50L;
    private static final long MAGIC32 = 0xFFFFFFFFL;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_DESCRIPTOR = 1 << 3;
    private static final int FLAG_UTF8 = 1 << 11;
    private static final int FLAG_MASKED_HEADER = 1 << 13;
    private static final byte[] DUMMY = {0};
    // Legacy zip names are code page 437; fall back to Latin-1 on a JDK without jdk.charsets.
    private static final Charset LEGACY_NAMES =
            Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;

    private final InputStream in;
    private final String source;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private long bufStart; // archive offset of buf[0]
    // Where reading is, for truncation messages; the text is built only if one is needed.
    private Stage stage = Stage.BETWEEN_ENTRIES;
    private String stageEntry = "";
    private boolean started;
    private boolean done;
    private Entry current;
    private final List<Entry> entries = new ArrayList<>();

    ZipInput(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Ends the current entry's inflater, if any; does not close the stream. */
    @Override
    public void close() {
        if (current != null) {
            current.release();
        }
    }

    /**
     * The next entry, positioned at the start of its data, or {@code null} once the central
     * directory and end record have been read and verified. The previous entry must have been
     * {@linkplain Entry#finish() finished}.
     */
    Entry next() throws IOException {
        if (current != null && !current.finished) {
            throw new IllegalStateException("previous entry not finished");
        }
        if (done) {
            return null;
        }
        if (!started) {
            started = true;
            checkLooksLikeZip();
        }
        long start = offset();
        at(Stage.BETWEEN_ENTRIES, null);
        long sig = u32();
        if (sig == LOC_SIG) {
            current = readLocalHeader(start);
            entries.add(current);
            return current;
        }
        if (sig == CEN_SIG || sig == ZIP64_EOCD_SIG || sig == EOCD_SIG) {
            readCentralDirectory(sig, start);
            done = true;
            return null;
        }
        throw fail("unexpected bytes at offset " + start
                + " where a zip entry or the central directory should start");
    }

    private void checkLooksLikeZip() throws IOException {
        int have = fillAtLeast(6);
        if (have == 0) {
            throw fail("the file is empty, not a zip archive (an .npz file is a zip of .npy arrays)");
        }
        if (have >= 6 && (buf[pos] & 0xFF) == 0x93 && buf[pos + 1] == 'N' && buf[pos + 2] == 'U'
                && buf[pos + 3] == 'M' && buf[pos + 4] == 'P' && buf[pos + 5] == 'Y') {
            throw fail("this is a single .npy array, not an .npz archive (a zip of .npy arrays)");
        }
        long sig = have >= 4 ? le(buf, pos, 4) : -1;
        if (sig != LOC_SIG && sig != EOCD_SIG) {
            throw fail("not a zip archive (an .npz file is a zip of .npy arrays)");
        }
    }

    // ---------------------------------------------------------------- local headers and data

    private Entry readLocalHeader(long start) throws IOException {
        at(Stage.LOCAL_HEADER, null);
        need(26);
        pos += 2; // version needed to extract: nothing we can act on
        int flags = u16();
        int method = u16();
        pos += 4; // modification time and date
        long crc = u32();
        long csize = u32();
        long usize = u32();
        int nameLen = u16();
        int extraLen = u16();
        byte[] nameBytes = bytes(nameLen);
        byte[] extra = bytes(extraLen);
        String name = decodeName(nameBytes, flags, entries.size() + 1);
        at(Stage.DATA, name);

        if ((flags & (FLAG_ENCRYPTED | FLAG_MASKED_HEADER)) != 0) {
            throw fail(label(name) + " is encrypted, which is not supported");
        }
        if (method != STORED && method != DEFLATED) {
            throw fail(label(name) + " uses compression method " + method
                    + ", expected stored (0) or deflated (8) as np.savez writes");
        }
        long[] zip64 = zip64Extra(extra, name);
        boolean descriptor = (flags & FLAG_DESCRIPTOR) != 0;
        if (descriptor) {
            // Sizes and CRC follow the data; whatever the header says is a placeholder.
            csize = -1;
            usize = -1;
        } else {
            // The local ZIP64 field holds the uncompressed size, then the compressed size.
            int next = 0;
            if (usize == MAGIC32) {
                usize = zip64Value(zip64, next++, name);
            }
            if (csize == MAGIC32) {
                csize = zip64Value(zip64, zip64 != null && zip64.length >= 2 ? 1 : next, name);
            }
            if (method == STORED && csize != usize) {
                throw fail(label(name) + " is stored but its zip header gives a compressed size of " + csize
                        + " bytes and an uncompressed size of " + usize + " bytes");
            }
        }
        return new Entry(name, start, method, descriptor, zip64 != null, crc, csize, usize);
    }

    /** The values of a ZIP64 extended-information field, or {@code null} if there is none. */
    private long[] zip64Extra(byte[] extra, String entryName) throws IOException {
        long[] found = null;
        int i = 0;
        while (i + 4 <= extra.length) {
            int id = (int) le(extra, i, 2);
            int size = (int) le(extra, i + 2, 2);
            if (i + 4 + size > extra.length) {
                throw fail(label(entryName) + " has a malformed extra field (a block runs past its end)");
            }
            if (id == 0x0001) {
                found = new long[size / 8];
                for (int k = 0; k < found.length; k++) {
                    found[k] = le(extra, i + 4 + 8 * k, 8);
                }
            }
            i += 4 + size;
        }
        return found;
    }

    private long zip64Value(long[] zip64, int index, String entryName) throws IOException {
        if (zip64 == null || index >= zip64.length) {
            throw fail(label(entryName) + " marks a size as ZIP64 but has no ZIP64 extra field holding it");
        }
        if (zip64[index] < 0) {
            throw fail(label(entryName) + " has a ZIP64 size larger than 2^63 bytes");
        }
        return zip64[index];
    }

    /** How messages refer to an entry: {@code entry 'a.npy'}. */
    private static String label(String entryName) {
        return "entry " + Shapes.quote(entryName);
    }

    private String decodeName(byte[] raw, int flags, int number) throws IOException {
        boolean ascii = true;
        for (byte b : raw) {
            ascii &= b >= 0;
        }
        if (ascii) {
            return new String(raw, StandardCharsets.US_ASCII);
        }
        if ((flags & FLAG_UTF8) == 0) {
            return new String(raw, LEGACY_NAMES);
        }
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw fail("entry #" + number + " has a name that is not valid UTF-8");
        }
    }

    /** One entry's data, decompressed, counted and checksummed as it is read. */
    final class Entry implements NpySource {
        private final String name;
        private final long offset;
        private final int method;
        private final boolean descriptor;
        private final boolean zip64;
        private long crc;
        private long csize; // -1 until known
        private long usize; // -1 until known
        private long produced;
        private long consumed;
        private final CRC32 checksum = new CRC32();
        private Inflater inflater;
        private int fed; // bytes of buf handed to the inflater and not yet accounted for
        private boolean fedDummy;
        private int pushback = -1;
        private boolean finished;

        private Entry(String name, long offset, int method, boolean descriptor,
                boolean zip64, long crc, long csize, long usize) {
            this.name = name;
            this.offset = offset;
            this.method = method;
            this.descriptor = descriptor;
            this.zip64 = zip64;
            this.crc = crc;
            this.csize = csize;
            this.usize = usize;
            if (method == DEFLATED) {
                inflater = new Inflater(true);
            }
        }

        /** The entry's name exactly as the archive spells it. */
        String name() {
            return name;
        }

        /** Uncompressed size from the local header, or -1 if it only follows the data. */
        @Override
        public long knownSize() {
            return usize;
        }

        /** Builds the exception for a problem with this entry's zip structure. */
        IOException fail(String problem) {
            return ZipInput.this.fail(label(name) + ": " + problem);
        }

        /**
         * Reads up to {@code len} uncompressed bytes; -1 at the end of the entry. A stored entry
         * whose size only follows the data has no end of its own: the caller must stop reading
         * when its content is complete, and {@link #finish()} then checks the sizes.
         */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pushback >= 0) {
                b[off] = (byte) pushback;
                pushback = -1;
                return 1;
            }
            if (method == STORED) {
                long left = usize >= 0 ? usize - produced : Long.MAX_VALUE;
                if (left == 0) {
                    return -1;
                }
                int avail = fillSome();
                if (avail < 0) {
                    throw truncated();
                }
                int n = (int) Math.min(Math.min(len, left), avail);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                consumed += n;
                produced += n;
                checksum.update(b, off, n);
                return n;
            }
            if (usize >= 0) {
                // Ask for at most one byte beyond the declared size: enough to catch a lie.
                len = (int) Math.min(len, usize - produced + 1);
            }
            int got = inflate(b, off, len);
            if (got > 0) {
                produced += got;
                if (usize >= 0 && produced > usize) {
                    throw fail("inflates to more than the " + usize + " bytes its zip header declares");
                }
                checksum.update(b, off, got);
            }
            return got;
        }

        private int inflate(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (inflater.finished()) {
                    settle();
                    return -1;
                }
                if (inflater.needsInput()) {
                    settle();
                    if (fedDummy) {
                        throw fail("the compressed data ends before the deflate stream does");
                    }
                    long left = csize >= 0 ? csize - consumed : Long.MAX_VALUE;
                    if (left == 0) {
                        // zlib may want one byte past a raw stream's end; java.util.zip.ZipFile
                        // feeds a dummy byte the same way.
                        inflater.setInput(DUMMY, 0, 1);
                        fedDummy = true;
                    } else {
                        int avail = fillSome();
                        if (avail < 0) {
                            throw truncated();
                        }
                        fed = (int) Math.min(avail, left);
                        inflater.setInput(buf, pos, fed);
                    }
                }
                int got;
                try {
                    got = inflater.inflate(b, off, len);
                } catch (DataFormatException e) {
                    throw fail("corrupt deflate data (" + e.getMessage() + ")");
                }
                settle();
                if (got > 0) {
                    return got;
                }
                if (inflater.needsDictionary()) {
                    throw fail("corrupt deflate data (it asks for a preset dictionary)");
                }
                if (!inflater.finished() && !inflater.needsInput()) {
                    throw fail("corrupt deflate data (the stream makes no progress)");
                }
            }
        }

        /** Moves the buffer position past the input the inflater has consumed. */
        private void settle() {
            if (fedDummy) {
                return;
            }
            int used = fed - inflater.getRemaining();
            pos += used;
            consumed += used;
            fed -= used;
        }

        /**
         * Whether every byte of the entry has been read. For a deflated entry this inflates at most
         * one more byte; for a stored entry of unknown size it is always true (the data
         * descriptor's sizes are checked by {@link #finish()}).
         */
        @Override
        public boolean atEnd() throws IOException {
            if (pushback >= 0) {
                return false;
            }
            if (method == STORED) {
                return usize < 0 || produced == usize;
            }
            byte[] one = new byte[1];
            int got = read(one, 0, 1);
            if (got <= 0) {
                return true;
            }
            pushback = one[0] & 0xFF;
            return false;
        }

        /**
         * Reads past what is left of an entry whose size its local header declares, so that the
         * next entry can be read; inflates no further than that size.
         */
        void skipRest() throws IOException {
            if (usize < 0) {
                throw new IllegalStateException("the entry's size is not known");
            }
            byte[] rest = new byte[8192];
            while (read(rest, 0, rest.length) >= 0) {
                // discard
            }
        }

        /**
         * Checks that the entry was read to its end and agrees with its sizes, CRC-32 and data
         * descriptor; afterwards {@link ZipInput#next()} may be called.
         */
        void finish() throws IOException {
            if (!atEnd()) {
                throw fail("holds more data than its contents need");
            }
            if (method == DEFLATED) {
                settle();
                release();
                if (csize >= 0 && consumed != csize) {
                    throw fail("its deflate stream ends after " + consumed
                            + " bytes but its zip header declares " + csize + " compressed bytes");
                }
                if (usize >= 0 && produced != usize) {
                    throw fail("inflates to " + produced + " bytes but its zip header declares "
                            + usize);
                }
            }
            if (descriptor) {
                readDescriptor();
            }
            if (checksum.getValue() != crc) {
                throw fail(String.format("CRC-32 mismatch: the data has %08x but the zip header says "
                        + "%08x, so the file is corrupt", checksum.getValue(), crc));
            }
            finished = true;
        }

        private void readDescriptor() throws IOException {
            at(Stage.DESCRIPTOR, name);
            long first = u32();
            long crcField = first == DESCRIPTOR_SIG ? u32() : first;
            long c = zip64 ? u64() : u32();
            long u = zip64 ? u64() : u32();
            if (c != consumed || u != produced) {
                throw fail("its data descriptor gives sizes " + c + " (compressed) and " + u
                        + " (uncompressed) but the entry has " + consumed + " and " + produced);
            }
            crc = crcField;
            csize = c;
            usize = u;
        }

        /** Frees the inflater's native memory; called once the entry is done or reading fails. */
        private void release() {
            if (inflater != null) {
                inflater.end();
                inflater = null;
            }
        }
    }

    // ---------------------------------------------------------------- central directory

    private void readCentralDirectory(long sig, long cenStart) throws IOException {
        at(Stage.CENTRAL_DIRECTORY, null);
        int index = 0;
        long recordStart = cenStart;
        while (sig == CEN_SIG) {
            need(42);
            pos += 4; // versions made by and needed
            int flags = u16();
            int method = u16();
            pos += 4; // time and date
            long crc = u32();
            long csize = u32();
            long usize = u32();
            int nameLen = u16();
            int extraLen = u16();
            int commentLen = u16();
            int disk = u16();
            pos += 6; // internal and external attributes
            long localOffset = u32();
            byte[] nameBytes = bytes(nameLen);
            byte[] extra = bytes(extraLen);
            skip(commentLen);
            String name = decodeName(nameBytes, flags, index + 1);
            // In the central directory, ZIP64 values appear only for fields set to 0xFFFFFFFF.
            long[] zip64 = zip64Extra(extra, name);
            int next = 0;
            if (usize == MAGIC32) {
                usize = zip64Value(zip64, next++, name);
            }
            if (csize == MAGIC32) {
                csize = zip64Value(zip64, next++, name);
            }
            if (localOffset == MAGIC32) {
                localOffset = zip64Value(zip64, next++, name);
            }
            if (disk == 0xFFFF) {
                disk = 0;
            }
            if (index >= entries.size()) {
                throw fail("the central directory lists " + label(name)
                        + ", which has no local header in the archive");
            }
            Entry e = entries.get(index);
            if (!e.name.equals(name)) {
                throw fail("the central directory lists " + label(name) + " where the archive holds "
                        + label(e.name));
            }
            String field = method != e.method ? "compression method"
                    : crc != e.crc ? "CRC-32"
                    : csize != e.consumed ? "compressed size"
                    : usize != e.produced ? "uncompressed size"
                    : localOffset != e.offset || disk != 0 ? "offset"
                    : null;
            if (field != null) {
                throw fail(label(name) + ": the central directory and the local header disagree on the "
                        + field + ", so the file is corrupt");
            }
            index++;
            recordStart = offset();
            sig = u32();
        }
        if (index < entries.size()) {
            throw fail(label(entries.get(index).name) + " is missing from the central directory");
        }
        long cenSize = recordStart - cenStart;
        if (sig == ZIP64_EOCD_SIG) {
            at(Stage.ZIP64_END, null);
            long size = u64();
            if (size < 44) {
                throw fail("the ZIP64 end of central directory record is too short");
            }
            need(44);
            pos += 4; // versions
            long diskNo = u32();
            long cenDisk = u32();
            long countHere = u64();
            long count = u64();
            long size64 = u64();
            long offset64 = u64();
            skip(size - 44);
            checkEnd(diskNo, cenDisk, countHere, count, size64, offset64, cenStart, cenSize);
            sig = u32();
            if (sig == ZIP64_LOCATOR_SIG) {
                need(16);
                pos += 16;
                sig = u32();
            }
        }
        if (sig != EOCD_SIG) {
            throw fail("expected the end of central directory record at offset " + recordStart);
        }
        at(Stage.END, null);
        need(18);
        int diskNo = u16();
        int cenDisk = u16();
        int countHere = u16();
        int count = u16();
        long size = u32();
        long cenOffset = u32();
        int commentLen = u16();
        skip(commentLen);
        checkEnd(diskNo == 0xFFFF ? 0 : diskNo, cenDisk == 0xFFFF ? 0 : cenDisk,
                countHere == 0xFFFF ? -1 : countHere, count == 0xFFFF ? -1 : count,
                size == MAGIC32 ? -1 : size, cenOffset == MAGIC32 ? -1 : cenOffset, cenStart, cenSize);
        long after = offset();
        if (fillSome() >= 0) {
            throw fail("unexpected bytes after the end of the zip archive (from offset " + after + ")");
        }
    }

    /** Checks an end record's totals; a value of -1 means "given elsewhere" and is skipped. */
    private void checkEnd(long diskNo, long cenDisk, long countHere, long count, long size,
            long cenOffset, long cenStart, long cenSize) throws IOException {
        if (diskNo != 0 || cenDisk != 0) {
            throw fail("multi-volume zip archives are not supported");
        }
        long n = entries.size();
        if ((countHere != -1 && countHere != n) || (count != -1 && count != n)) {
            throw fail("the end of central directory record counts " + (count != -1 ? count : countHere)
                    + " entries but the archive holds " + n);
        }
        if ((size != -1 && size != cenSize) || (cenOffset != -1 && cenOffset != cenStart)) {
            throw fail("the end of central directory record gives a wrong size or offset for the "
                    + "central directory, so the file is corrupt");
        }
    }

    // ---------------------------------------------------------------- buffer and primitives

    private long offset() {
        return bufStart + pos;
    }

    /** Bytes available in the buffer, refilling it only when empty; -1 at end of stream. */
    private int fillSome() throws IOException {
        if (pos < lim) {
            return lim - pos;
        }
        bufStart += lim;
        pos = 0;
        lim = 0;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            return -1;
        }
        lim = r;
        return r;
    }

    /** Tries to have {@code n} bytes buffered; returns how many are (fewer only at end of stream). */
    private int fillAtLeast(int n) throws IOException {
        if (lim - pos < n) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            bufStart += pos;
            lim -= pos;
            pos = 0;
            while (lim < n) {
                int r = in.read(buf, lim, buf.length - lim);
                if (r < 0) {
                    break;
                }
                lim += r;
            }
        }
        return Math.min(lim - pos, n);
    }

    /** Ensures {@code n} (at most the buffer size) bytes are buffered or reports truncation. */
    private void need(int n) throws IOException {
        if (fillAtLeast(n) < n) {
            throw truncated();
        }
    }

    private int u16() throws IOException {
        need(2);
        int v = (int) le(buf, pos, 2);
        pos += 2;
        return v;
    }

    private long u32() throws IOException {
        need(4);
        long v = le(buf, pos, 4);
        pos += 4;
        return v;
    }

    /** An unsigned 64-bit value; values of 2^63 and above are refused rather than going negative. */
    private long u64() throws IOException {
        need(8);
        long v = le(buf, pos, 8);
        pos += 8;
        if (v < 0) {
            throw fail("a 64-bit size or offset at " + (offset() - 8) + " is larger than 2^63");
        }
        return v;
    }

    private byte[] bytes(int n) throws IOException {
        need(n); // n < 65536 = buffer size
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int avail = fillSome();
            if (avail < 0) {
                throw truncated();
            }
            int k = (int) Math.min(avail, n);
            pos += k;
            n -= k;
        }
    }

    private static long le(byte[] b, int off, int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private enum Stage {
        BETWEEN_ENTRIES, LOCAL_HEADER, DATA, DESCRIPTOR, CENTRAL_DIRECTORY, ZIP64_END, END
    }

    private void at(Stage stage, String entryName) {
        this.stage = stage;
        this.stageEntry = entryName;
    }

    private IOException truncated() {
        int next = entries.size() + 1;
        String where;
        switch (stage) {
            case BETWEEN_ENTRIES:
                where = "where entry #" + next + " or the central directory should start";
                break;
            case LOCAL_HEADER:
                where = "inside the local header of entry #" + next;
                break;
            case DATA:
                where = "inside the data of " + label(stageEntry);
                break;
            case DESCRIPTOR:
                where = "inside the data descriptor of " + label(stageEntry);
                break;
            case CENTRAL_DIRECTORY:
                where = "inside the central directory";
                break;
            case ZIP64_END:
                where = "inside the ZIP64 end of central directory record";
                break;
            default:
                where = "inside the end of central directory record";
                break;
        }
        return fail("truncated: the file ends " + where);
    }

    private IOException fail(String message) {
        return new IOException(source + ": " + message);
    }
}
