package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpzWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Weight files made to hurt, loaded the way a user loads them: a generated class's {@code load(Path)}
 * and {@code load(InputStream)}, and {@link Weights#read}. Each is refused with an
 * {@link IOException} that names the file (and the array, when one is at fault), quickly and within
 * bounded memory, or, for NaN and infinities, loaded as the data it is.
 */
class HostileWeightsTest {
    private static final String SOURCE = "network Victim; dense 3 -> 2 relu name=hidden; dense 2 -> 2 name=out;";
    private static final Duration TIME_LIMIT = Duration.ofSeconds(20);
    private static Architecture architecture;
    private static Class<?> victim;
    private static byte[] good;

    @BeforeAll
    static void compile(@TempDir Path dir) throws IOException {
        architecture = Networks.parse("victim.net", SOURCE);
        victim = load(InMemoryCompiler.compile(List.of(NetworkGenerator.generate(architecture, "hostile", false,
                "victim.net"))), "hostile.Victim");
        Path file = dir.resolve("good.npz");
        Weights.random(architecture, 3).write(file);
        good = Files.readAllBytes(file);
    }

    @Test
    void aGoodFileLoads(@TempDir Path dir) throws IOException {
        assertThat(outcome(dir, good, "good.npz")).isNull();
    }

    /**
     * {@code pretrained()} of a class whose bundled weights are missing or broken: an
     * {@link UncheckedIOException} saying which, with the reader's message as cause; the next call tries again.
     */
    @Test
    void pretrainedNamesAMissingOrBrokenBundledResource() {
        Map<String, byte[]> classes = InMemoryCompiler.classes(List.of(NetworkGenerator.generate(architecture,
                "hostile", true, "victim.net")));
        Class<?> missing = load(InMemoryCompiler.loader(classes, Map.of()), "hostile.Victim");
        assertThatThrownBy(() -> Generated.create(missing, "pretrained", new Class<?>[0]))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("java.io.IOException: resource Victim.npz is missing next to hostile.Victim;"
                        + " netc:generate bundles it with the class");

        byte[] cut = Arrays.copyOf(good, good.length / 2);
        Class<?> broken = load(InMemoryCompiler.loader(classes, Map.of("hostile/Victim.npz", cut)), "hostile.Victim");
        assertThatThrownBy(() -> Generated.create(broken, "pretrained", new Class<?>[0]))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot load the pretrained weights Victim.npz")
                .cause().isInstanceOf(IOException.class).hasMessageStartingWith("Victim.npz: ");
        assertThatThrownBy(() -> Generated.create(broken, "pretrained", new Class<?>[0]))
                .as("a failed load is not kept").isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void everyTruncationIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        for (int length = 0; length < good.length; length += 7) {
            IOException refused = outcome(dir, Arrays.copyOf(good, length), "cut.npz");
            assertThat(refused).as("cut at %d of %d bytes", length, good.length).isNotNull();
            assertThat(refused.getMessage()).startsWith("cut.npz: ");
        }
    }

    @Test
    void flippedBitsAreRefusedOrHarmless(@TempDir Path dir) throws IOException {
        Random random = new Random(11);
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            byte[] damaged = good.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            IOException e = outcome(dir, damaged, "flipped.npz");
            if (e != null) {
                refused++;
                assertThat(e.getMessage()).startsWith("flipped.npz: ");
            }
        }
        // Only bits the format ignores (timestamps, version fields, padding) can be flipped harmlessly.
        assertThat(refused).isGreaterThan(300);
    }

    @Test
    void randomBytesAreRefused(@TempDir Path dir) throws IOException {
        Random random = new Random(12);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(2000)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length >= 4) {
                bytes[0] = 'P';
                bytes[1] = 'K';
                bytes[2] = 3;
                bytes[3] = 4;
            }
            IOException e = outcome(dir, bytes, "random.npz");
            assertThat(e).as("random file %d", i).isNotNull();
            assertThat(e.getMessage()).startsWith("random.npz: ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            a shape that does not fit      # {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }  # 24 # array 'hidden.weights': shape (2, 3) does not fit; expected (3, 2)
            more data than the header says # {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }  # 28 # array 'hidden.weights'
            less data than the header says # {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }  # 20 # array 'hidden.weights'
            integers                       # {'descr': '<i4', 'fortran_order': False, 'shape': (3, 2), }  # 24 # array 'hidden.weights': dtype '<i4'
            big-endian floats              # {'descr': '>f4', 'fortran_order': False, 'shape': (3, 2), }  # 24 # array 'hidden.weights': dtype '>f4'
            Python objects                 # {'descr': '|O', 'fortran_order': False, 'shape': (3, 2), }   # 24 # array 'hidden.weights'
            a huge shape                   # {'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999), } # 24 # array 'hidden.weights'
            a negative shape               # {'descr': '<f4', 'fortran_order': False, 'shape': (-3, -2), } # 24 # array 'hidden.weights'
            a header that is code          # {'descr': __import__('os').system('true'), 'shape': (3, 2), } # 24 # array 'hidden.weights'
            an unclosed header             # {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2),     # 24 # array 'hidden.weights'
            """)
    void headersThatLieAreRefusedNamingTheArray(String what, String header, int dataBytes, String expected,
            @TempDir Path dir) throws IOException {
        Map<String, byte[]> entries = goodEntries();
        entries.put("hidden.weights.npy", npy(header, new byte[dataBytes]));

        IOException e = outcome(dir, zip(entries), "lying.npz");

        assertThat(e).as(what).isNotNull();
        assertThat(e.getMessage()).as(what).startsWith("lying.npz: ").contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a parent folder       | ../hidden.weights.npy
            an absolute path      | /tmp/hidden.weights.npy
            a sub-folder          | models/hidden.weights.npy
            a Windows path        | C:\\hidden.weights.npy
            a folder entry        | hidden.weights.npy/
            no .npy extension     | hidden.weights
            a NUL character       | hidden.weights.npy\u0000.txt
            """)
    void entriesWithPathTricksAreRefusedNamingTheEntry(String what, String name, @TempDir Path dir)
            throws IOException {
        Map<String, byte[]> entries = goodEntries();
        byte[] weights = entries.remove("hidden.weights.npy");
        entries.put(name, weights);

        IOException e = outcome(dir, zip(entries), "tricky.npz");

        assertThat(e).as(what).isNotNull();
        assertThat(e.getMessage()).as(what).startsWith("tricky.npz: ").contains("entry '");
    }

    @Test
    void aZipBombIsRefusedWithoutInflatingIt(@TempDir Path dir) throws IOException {
        // 6 weights declared, then 256 MiB of zeros that deflate to a quarter of a megabyte.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(1);
            zip.putNextEntry(new ZipEntry("hidden.weights.npy"));
            zip.write(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", new byte[24]));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : goodEntries().entrySet()) {
                if (!e.getKey().equals("hidden.weights.npy")) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
        }
        byte[] bomb = bytes.toByteArray();
        assertThat(bomb.length).isLessThan(2 << 20);
        long[] allocated = new long[1];

        IOException e = assertTimeoutPreemptively(TIME_LIMIT, () -> {
            long before = allocatedBytes();
            IOException refused = outcome(dir, bomb, "bomb.npz");
            allocated[0] = allocatedBytes() - before;
            return refused;
        });

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("bomb.npz: array 'hidden.weights': header says shape (3, 2) (24 bytes)"
                + " but the entry holds more than 24 bytes");
        // Three loads (path, stream, Weights.read) of a 1.5 MB file, without the 256 MB it inflates to.
        assertThat(allocated[0]).isLessThan(64L << 20);
    }

    @Test
    void nanAndInfinityAreLoadedAsDataAndPropagate(@TempDir Path dir) throws Exception {
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        Path file = dir.resolve("odd.npz");
        NpzWriter.write(file, List.of(
                NpyArray.ofFloats("hidden.weights", new int[] {3, 2}, new float[] {1, 1, 0, 1, 0, -inf}),
                NpyArray.ofFloats("hidden.biases", new int[] {2}, new float[] {0, 0}),
                NpyArray.ofFloats("out.weights", new int[] {2, 2}, new float[] {1, 0, 0, 1}),
                NpyArray.ofFloats("out.biases", new int[] {2}, new float[] {nan, 0})));

        Weights weights = Weights.read(architecture, file);
        Generated network = Generated.create(victim, "load", new Class<?>[] {Path.class}, file);

        assertThat(weights.floats("hidden.weights")).containsExactly(1, 1, 0, 1, 0, -inf);
        assertThat(weights.floats("out.biases")).containsExactly(nan, 0);
        // hidden = relu([1, 1 + 1 + (-1)(-inf)]) = [1, inf]; out = [1 + inf * 0 + NaN, 1 * 0 + inf] = [NaN, inf].
        float[] output = network.predict(new float[] {1, 1, -1});
        assertThat(output[0]).isNaN();
        assertThat(output[1]).isEqualTo(inf);
        // What was loaded is saved as it was, bit for bit.
        Path saved = dir.resolve("saved.npz");
        network.call("save", new Class<?>[] {Path.class}, saved);
        assertThat(Weights.read(architecture, saved).floats("hidden.weights")).containsExactly(1, 1, 0, 1, 0, -inf);
        assertThat(Weights.read(architecture, saved).floats("out.biases")).containsExactly(nan, 0);
    }

    /**
     * Loads {@code bytes} as {@code name} through the generated class's {@code load(Path)} and
     * {@code load(InputStream)} and through {@link Weights#read}; all three must agree. Returns null if
     * they loaded, the exception if they refused; anything but an IOException fails the test.
     */
    private static IOException outcome(Path dir, byte[] bytes, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        IOException fromPath = attempt(() -> Generated.create(victim, "load", new Class<?>[] {Path.class}, file));
        IOException fromStream = attempt(() -> {
            try (InputStream in = new ByteArrayInputStream(bytes)) {
                Generated.create(victim, "load", new Class<?>[] {InputStream.class}, in);
            }
        });
        IOException fromRuntime = attempt(() -> Weights.read(architecture, file));
        assertThat(fromStream == null).as("load(InputStream) agrees with load(Path) on %s", name)
                .isEqualTo(fromPath == null);
        assertThat(fromRuntime == null).as("Weights.read agrees with load(Path) on %s", name)
                .isEqualTo(fromPath == null);
        if (fromPath != null) {
            assertThat(fromRuntime.getMessage()).isEqualTo(fromPath.getMessage());
            // A stream has no file name; the generated class calls it "the input stream".
            assertThat(fromStream.getMessage()).isEqualTo(fromPath.getMessage().replaceFirst(
                    "^" + java.util.regex.Pattern.quote(name), "the input stream"));
        }
        return fromPath;
    }

    private interface Action {
        void run() throws Exception;
    }

    private static IOException attempt(Action action) {
        try {
            action.run();
            return null;
        } catch (IOException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected success or an IOException, got " + t, t);
        }
    }

    /** The entries of the good file, by name, in order. */
    private static Map<String, byte[]> goodEntries() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(good))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** An .npy entry of format 1.0: magic, header padded to 64 bytes, data. */
    private static byte[] npy(String dict, byte[] data) {
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header)
                .put(data);
        return b.array();
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return loader.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemoryEnabled()) {
            return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }
}
