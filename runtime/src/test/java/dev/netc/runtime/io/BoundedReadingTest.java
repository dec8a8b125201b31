package dev.netc.runtime.io;

import static dev.netc.runtime.io.TestZips.f4;
import static dev.netc.runtime.io.TestZips.f8;
import static dev.netc.runtime.io.TestZips.npy;
import static dev.netc.runtime.io.TestZips.stored;
import static dev.netc.runtime.io.TestZips.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile files cannot make the reader allocate or inflate much: headers are checked before data
 * is read, and data is read in bounded chunks against the size a header declares.
 */
class BoundedReadingTest {
    private static final long MiB = 1 << 20;
    private static final long BOMB_ZEROS = 512 * MiB;
    private static byte[] bombDescriptor;
    private static byte[] bombHonest;
    private static byte[] bombLying;

    @BeforeAll
    static void buildBombs() {
        byte[] head = npy("<f4", "(4,)", f4(1, 2, 3, 4));
        bombDescriptor = zip(bomb(head, true, null));
        bombHonest = zip(bomb(head, false, null));
        bombLying = zip(bomb(head, false, (long) head.length));
    }

    /**
     * A deflated entry: {@code head} followed by {@link #BOMB_ZEROS} zero bytes. Built from one
     * full-flushed megabyte of zeros repeated (each such segment stands alone), so making it is
     * quick and the archive is only about half a megabyte.
     */
    private static TestZips.Spec bomb(byte[] head, boolean descriptor, Long claimedSize) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] headSegment = flush(d, head);
        byte[] zeroSegment = flush(d, new byte[(int) MiB]);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(headSegment);
        CRC32 crc = new CRC32();
        crc.update(head);
        byte[] zeros = new byte[(int) MiB];
        for (long i = 0; i < BOMB_ZEROS / MiB; i++) {
            out.writeBytes(zeroSegment);
            crc.update(zeros);
        }
        byte[] buf = new byte[64];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        TestZips.Spec s = new TestZips.Spec("a.npy");
        s.method = 8;
        s.compressed = out.toByteArray();
        s.crc = crc.getValue();
        s.size = head.length + BOMB_ZEROS;
        s.descriptor = descriptor;
        s.localUsize = claimedSize;
        return s;
    }

    private static byte[] flush(Deflater d, byte[] data) {
        d.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        return out.toByteArray();
    }

    /** Counts the bytes the reader actually pulls from its input. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }

    /** Bytes allocated on this thread while running {@code action} (HotSpot only). */
    private static long allocatedBy(ThrowingCallable action) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        try {
            action.call();
        } catch (Throwable ignored) {
            // the caller asserts on the outcome separately
        }
        return bean.getThreadAllocatedBytes(id) - before;
    }

    private static void assumeAllocationCounting() {
        assumeThat(ManagementFactory.getThreadMXBean())
                .isInstanceOf(com.sun.management.ThreadMXBean.class);
        assumeThat(((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .isThreadAllocatedMemoryEnabled()).isTrue();
    }

    @Test
    void bombsAreSmallArchives() {
        assertThat(bombDescriptor.length).isLessThan((int) MiB);
        assertThat(bombDescriptor.length).isGreaterThan(400_000);
    }

    @Test
    void zipBombWithSizesAfterTheDataIsRefusedOnceItExceedsTheHeader() {
        Counting in = new Counting(bombDescriptor);
        assertThatThrownBy(() -> NpzReader.read(in, "bomb.npz", HeaderCheck.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("bomb.npz: array 'a': header says shape (4,) (16 bytes) but the entry holds more than 16 bytes");
        assertThat(in.count).as("compressed bytes read").isLessThan(200_000);
    }

    @Test
    void zipBombWithHonestSizesIsRefusedBeforeInflating() {
        Counting in = new Counting(bombHonest);
        assertThatThrownBy(() -> NpzReader.read(in, "bomb.npz", HeaderCheck.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("bomb.npz: array 'a': header says shape (4,) (16 bytes) but the entry holds "
                        + (BOMB_ZEROS + 16) + " bytes");
        assertThat(in.count).isLessThan(200_000);
    }

    @Test
    void zipBombThatLiesAboutItsSizeIsRefusedOnceItExceedsIt() {
        Counting in = new Counting(bombLying);
        assertThatThrownBy(() -> NpzReader.read(in, "bomb.npz", HeaderCheck.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("bomb.npz: entry 'a.npy': inflates to more than the 144 bytes its zip header declares");
        assertThat(in.count).isLessThan(200_000);
    }

    @Test
    void zipBombsAreRefusedQuicklyWithLittleMemory() {
        assumeAllocationCounting();
        for (byte[] bomb : List.of(bombDescriptor, bombHonest, bombLying)) {
            long start = System.nanoTime();
            long allocated = allocatedBy(() -> NpzReader.read(new ByteArrayInputStream(bomb), "bomb.npz", HeaderCheck.NONE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(allocated).as("bytes allocated").isLessThan(4 * MiB);
            assertThatThrownBy(() -> NpzReader.headers(new ByteArrayInputStream(bomb), "bomb.npz"))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void headerCheckSeesEveryHeaderBeforeItsData() throws IOException {
        byte[] file = zip(
                stored("w.npy", npy("<f4", "(2, 3)", new byte[24])),
                stored("s.npy", npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 1), }", f8(1, 2, 3))));
        List<NpyHeader> seen = new ArrayList<>();
        List<NpyArray> arrays = NpzReader.read(new ByteArrayInputStream(file), "w.npz", seen::add);
        assertThat(seen).containsExactly(
                new NpyHeader("w", DType.F4, new int[] {2, 3}, false),
                new NpyHeader("s", DType.F8, new int[] {3, 1}, true));
        assertThat(arrays).hasSize(2);
    }

    @Test
    void headerCheckCanRefuseAHugeShapeBeforeAnythingIsAllocated() {
        assumeAllocationCounting();
        // Claims 40000 x 40000 floats (6.4 GB); the data is not even there.
        byte[] file = zip(stored("big.npy", npy("<f4", "(40000, 40000)", new byte[64])));
        HeaderCheck expect4x16 = header -> {
            if (header.shape().length != 2 || header.shape()[0] != 4 || header.shape()[1] != 16) {
                throw new IOException("expected shape (4, 16), found " + header.shapeString());
            }
        };
        long allocated = allocatedBy(() -> assertThatThrownBy(
                        () -> NpzReader.read(new ByteArrayInputStream(file), "weights.npz", expect4x16))
                .isInstanceOf(IOException.class)
                .hasMessage("weights.npz: array 'big': expected shape (4, 16), found (40000, 40000)")
                .cause().hasMessage("expected shape (4, 16), found (40000, 40000)"));
        assertThat(allocated).isLessThan(4 * MiB);
    }

    @Test
    void headerCheckRefusesBeforeTheDataIsRead() {
        // 4 MB of real data behind a header the check refuses: the reader must stop at the header.
        byte[] file = zip(stored("w.npy", npy("<f4", "(1000000,)", new byte[4_000_000])));
        Counting in = new Counting(file);
        assertThatThrownBy(() -> NpzReader.read(in, "weights.npz", h -> {
            throw new IOException("no arrays wanted");
        })).hasMessage("weights.npz: array 'w': no arrays wanted");
        assertThat(in.count).isLessThan(200_000);
    }

    @Test
    void aHugeShapeWithoutItsDataCostsLittleEvenWithoutACheck() {
        assumeAllocationCounting();
        // 2 GB of floats promised by the header, with the size unknown until after the data.
        TestZips.Spec spec = TestZips.deflated("big.npy", npy("<f4", "(500000000,)", new byte[1000]));
        spec.descriptor = true;
        byte[] file = zip(spec);
        long allocated = allocatedBy(() -> assertThatThrownBy(
                        () -> NpzReader.read(new ByteArrayInputStream(file), "w.npz", HeaderCheck.NONE))
                .hasMessage("w.npz: array 'big': header says shape (500000000,) (2000000000 bytes) but the entry holds 1000 bytes"));
        assertThat(allocated).isLessThan(4 * MiB);
    }

    @Test
    void aHeaderLengthOverTheCapIsRefusedWithoutAllocatingIt() {
        assumeAllocationCounting();
        byte[] npy = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 1, 0, 0x10, 0}; // 1 MiB + 1
        TestZips.Spec spec = TestZips.deflated("a.npy", npy);
        spec.descriptor = true;
        byte[] file = zip(spec);
        long allocated = allocatedBy(() -> assertThatThrownBy(
                        () -> NpzReader.read(new ByteArrayInputStream(file), "w.npz", HeaderCheck.NONE))
                .hasMessage("w.npz: array 'a': the .npy header claims to be 1048577 bytes long, more than the 1048576 allowed"));
        assertThat(allocated).isLessThan(MiB);
    }

    @Test
    void readingManyArraysStaysIndependentOfTheirCount() throws IOException {
        List<TestZips.Spec> specs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            specs.add(stored("a" + i + ".npy", npy("<f4", "()", f4(i))));
        }
        byte[] file = zip(specs.toArray(new TestZips.Spec[0]));
        List<NpyArray> arrays = NpzReader.read(new ByteArrayInputStream(file), "many.npz", HeaderCheck.NONE);
        assertThat(arrays).hasSize(2000);
        assertThat(arrays.get(1999).toFloatArray()).containsExactly(1999f);
    }

    @Test
    void inputStreamsAreReadToTheEndButNotClosed() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(zip(stored("a.npy", npy("<f4", "()", f4(1))))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        NpzReader.read(in, "a.npz", HeaderCheck.NONE);
        assertThat(closed[0]).isFalse();
        assertThat(in.read()).isEqualTo(-1);
    }
}
