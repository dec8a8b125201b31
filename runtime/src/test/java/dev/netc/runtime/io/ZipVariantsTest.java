package dev.netc.runtime.io;

import static dev.netc.runtime.io.TestZips.f4;
import static dev.netc.runtime.io.TestZips.f8;
import static dev.netc.runtime.io.TestZips.npy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Well-formed archives that other zip writers produce are read like np.savez output. */
class ZipVariantsTest {
    private static List<NpyArray> read(byte[] bytes) throws IOException {
        return NpzReader.read(new ByteArrayInputStream(bytes), "v.npz", HeaderCheck.NONE);
    }

    private static final NpyArray A = NpyArray.ofFloats("a", new int[] {2}, new float[] {1.5f, -2});
    private static final NpyArray B = NpyArray.ofDoubles("b.c", new int[] {1, 2}, new double[] {3, 4});

    private static byte[] npyA() {
        return npy("<f4", "(2,)", f4(1.5f, -2));
    }

    private static byte[] npyB() {
        return npy("<f8", "(1, 2)", f8(3, 4));
    }

    @Test
    void javaZipOutputStreamStoredAndDeflatedWithComments() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] a = npyA();
            ZipEntry stored = new ZipEntry("a.npy");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(a.length);
            CRC32 crc = new CRC32();
            crc.update(a);
            stored.setCrc(crc.getValue());
            stored.setComment("an entry comment");
            zip.putNextEntry(stored);
            zip.write(a);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("b.c.npy")); // deflated, sizes in a data descriptor
            zip.write(npyB());
            zip.closeEntry();
            zip.setComment("an archive comment");
        }
        assertThat(read(bytes.toByteArray())).containsExactly(A, B);
    }

    @Test
    void localSizesOnlyInTheZip64Field() throws IOException {
        // TestZips writes 0xFFFFFFFF in the 32-bit size fields and the sizes in a ZIP64 field.
        TestZips.Spec deflated = TestZips.deflated("b.c.npy", npyB());
        assertThat(read(TestZips.zip(TestZips.stored("a.npy", npyA()), deflated))).containsExactly(A, B);
    }

    @Test
    void plainZipWithoutZip64Fields() throws IOException {
        TestZips.Spec a = TestZips.stored("a.npy", npyA());
        a.zip64Extra = false;
        TestZips.Spec b = TestZips.deflated("b.c.npy", npyB());
        b.zip64Extra = false;
        b.descriptor = true;
        assertThat(read(TestZips.zip(a, b))).containsExactly(A, B);
    }

    @Test
    void legacyNamesAreCodePage437() throws IOException {
        TestZips.Spec s = TestZips.stored("x", npyA());
        s.nameBytes = new byte[] {'g', (byte) 0x81, '.', 'n', 'p', 'y'}; // 0x81 is 'ü' in CP437
        assertThat(read(TestZips.zip(s))).extracting(NpyArray::name).containsExactly("g\u00fc");
    }

    @Test
    void oneByteAtATimeStreams() throws IOException {
        for (String fixture : List.of("savez_f4.npz", "savez_compressed_f8.npz", "streamed.npz", "streamed_compressed.npz")) {
            byte[] bytes = TestZips.resource(fixture);
            InputStream trickle = new FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 1));
                }
            };
            assertThat(NpzReader.read(trickle, fixture, HeaderCheck.NONE)).as(fixture).isEqualTo(read(bytes));
        }
    }

    @Test
    void moreThan65535ArraysUseZip64EndRecords() throws IOException {
        List<NpyArray> arrays = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            arrays.add(NpyArray.ofFloats("a" + i, new int[0], new float[] {i}));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpzWriter.write(out, arrays);
        byte[] bytes = out.toByteArray();
        // The classic end record saturates its counts; the ZIP64 end record holds the real ones.
        int eocd = bytes.length - 22;
        assertThat(bytes[eocd + 8] & 0xFF | (bytes[eocd + 9] & 0xFF) << 8).isEqualTo(0xFFFF);
        assertThat(bytes[eocd - 20]).isEqualTo((byte) 'P');
        assertThat(bytes[eocd - 18]).isEqualTo((byte) 6);
        assertThat(bytes[eocd - 17]).isEqualTo((byte) 7);
        assertThat(read(bytes)).isEqualTo(arrays);
    }
}
