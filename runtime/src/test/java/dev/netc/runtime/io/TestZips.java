package dev.netc.runtime.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds zip archives and {@code .npy} entries byte by byte, so tests can produce exactly the
 * defect they are about (and nothing else) without NumPy.
 */
final class TestZips {
    private TestZips() {}

    /** One zip entry; fields are public so a test can break any of them. */
    static final class Spec {
        String name;
        byte[] nameBytes;
        byte[] content = new byte[0];
        int method;
        int flags;
        boolean descriptor;
        boolean zip64Extra = true;
        byte[] compressed; // precomputed deflate data (then crc and size must be set)
        Long crc;
        Long size;
        Long localUsize; // overrides what the local header (and central directory) claim
        Long localCsize;

        Spec(String name) {
            this.name = name;
        }
    }

    static Spec stored(String name, byte[] content) {
        Spec s = new Spec(name);
        s.content = content;
        return s;
    }

    static Spec deflated(String name, byte[] content) {
        Spec s = stored(name, content);
        s.method = 8;
        return s;
    }

    /** An archive of {@code specs} with a central directory that matches the local headers. */
    static byte[] zip(Spec... specs) {
        return zip(List.of(specs), specs.length, true);
    }

    /**
     * An archive whose central directory lists only the first {@code cenEntries} specs and whose
     * end record counts {@code cenEntries}; {@code withEnd} false leaves out the end record.
     */
    static byte[] zip(List<Spec> specs, int cenEntries, boolean withEnd) {
        Out out = new Out();
        List<long[]> meta = new ArrayList<>();
        for (Spec s : specs) {
            byte[] name = s.nameBytes != null ? s.nameBytes : s.name.getBytes(StandardCharsets.UTF_8);
            byte[] data;
            long crc;
            long usize;
            if (s.compressed != null) {
                data = s.compressed;
                crc = s.crc;
                usize = s.size;
            } else {
                data = s.method == 8 ? deflate(s.content) : s.content;
                CRC32 c = new CRC32();
                c.update(s.content);
                crc = s.crc != null ? s.crc : c.getValue();
                usize = s.content.length;
            }
            long claimedU = s.localUsize != null ? s.localUsize : usize;
            long claimedC = s.localCsize != null ? s.localCsize : data.length;
            long offset = out.size();
            int flags = s.flags | (s.descriptor ? 8 : 0);
            out.u32(0x04034b50L);
            out.u16(s.zip64Extra ? 45 : 20);
            out.u16(flags);
            out.u16(s.method);
            out.u16(0);
            out.u16(0x21);
            out.u32(s.descriptor ? 0 : crc);
            out.u32(s.descriptor ? 0 : (s.zip64Extra ? 0xFFFFFFFFL : claimedC));
            out.u32(s.descriptor ? 0 : (s.zip64Extra ? 0xFFFFFFFFL : claimedU));
            out.u16(name.length);
            out.u16(s.zip64Extra ? 20 : 0);
            out.bytes(name);
            if (s.zip64Extra) {
                out.u16(1);
                out.u16(16);
                out.u64(s.descriptor ? 0 : claimedU);
                out.u64(s.descriptor ? 0 : claimedC);
            }
            out.bytes(data);
            if (s.descriptor) {
                out.u32(0x08074b50L);
                out.u32(crc);
                if (s.zip64Extra) {
                    out.u64(claimedC);
                    out.u64(claimedU);
                } else {
                    out.u32(claimedC);
                    out.u32(claimedU);
                }
            }
            meta.add(new long[] {crc, claimedC, claimedU, offset, flags});
        }
        long cenStart = out.size();
        for (int i = 0; i < cenEntries; i++) {
            Spec s = specs.get(i);
            byte[] name = s.nameBytes != null ? s.nameBytes : s.name.getBytes(StandardCharsets.UTF_8);
            long[] m = meta.get(i);
            out.u32(0x02014b50L);
            out.u16(0x0314);
            out.u16(20);
            out.u16((int) m[4]);
            out.u16(s.method);
            out.u16(0);
            out.u16(0x21);
            out.u32(m[0]);
            out.u32(m[1]);
            out.u32(m[2]);
            out.u16(name.length);
            out.u16(0);
            out.u16(0);
            out.u16(0);
            out.u16(0);
            out.u32(0);
            out.u32(m[3]);
            out.bytes(name);
        }
        long cenSize = out.size() - cenStart;
        if (withEnd) {
            out.u32(0x06054b50L);
            out.u16(0);
            out.u16(0);
            out.u16(cenEntries);
            out.u16(cenEntries);
            out.u32(cenSize);
            out.u32(cenStart);
            out.u16(0);
        }
        return out.toByteArray();
    }

    /** Raw deflate (no zlib wrapper), as zip entries hold it. */
    static byte[] deflate(byte[] content) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(content);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /**
     * An {@code .npy} entry: magic, version, header length, {@code dict} padded with spaces and a
     * newline to a multiple of 64 bytes, then {@code data}.
     */
    static byte[] npy(int major, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int prefix = 8 + lengthBytes;
        int total = dict.length() + 1;
        int pad = (64 - (prefix + total) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        Out out = new Out();
        out.bytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (lengthBytes == 2) {
            out.u16(header.length());
        } else {
            out.u32(header.length());
        }
        out.bytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.bytes(data);
        return out.toByteArray();
    }

    /** A version 1.0 entry with a NumPy-style header for {@code descr} and {@code shape}. */
    static byte[] npy(String descr, String shape, byte[] data) {
        return npy(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data);
    }

    static byte[] f4(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] f8(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        Out out = new Out();
        for (byte[] p : parts) {
            out.bytes(p);
        }
        return out.toByteArray();
    }

    static byte[] resource(String name) {
        try (InputStream in = TestZips.class.getResourceAsStream("/npz/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /npz/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A little-endian byte sink. */
    static final class Out extends ByteArrayOutputStream {
        void u16(int v) {
            write(v);
            write(v >>> 8);
        }

        void u32(long v) {
            u16((int) (v & 0xFFFF));
            u16((int) ((v >>> 16) & 0xFFFF));
        }

        void u64(long v) {
            u32(v & 0xFFFFFFFFL);
            u32(v >>> 32);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
