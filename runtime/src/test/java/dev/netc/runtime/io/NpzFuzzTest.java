package dev.netc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random damage to real files: whatever the bytes, reading either succeeds or throws an
 * {@link IOException}; nothing else escapes, and {@code headers} agrees with {@code read}.
 */
class NpzFuzzTest {
    private static final int ITERATIONS = 300;

    @ParameterizedTest
    @ValueSource(strings = {"savez_f4.npz", "savez_compressed_f8.npz", "fortran.npz", "npy_v2_v3.npz",
            "streamed.npz", "streamed_compressed.npz"})
    void damagedFilesFailOnlyWithIOException(String fixture) {
        byte[] original = TestZips.resource(fixture);
        Random random = new Random(fixture.hashCode());
        int refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] damaged = damage(original, random, i);
            refused += outcome(damaged, fixture + " iteration " + i) ? 0 : 1;
        }
        // Most damage must be noticed (CRCs, sizes and the central directory cross-check it).
        assertThat(refused).isGreaterThan(ITERATIONS * 3 / 4);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomBytesFailOnlyWithIOException(long seed) {
        Random random = new Random(seed);
        byte[][] prefixes = {{}, {'P', 'K', 3, 4}, {'P', 'K', 5, 6}, {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}};
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] prefix = prefixes[i % prefixes.length];
            byte[] bytes = new byte[prefix.length + random.nextInt(600)];
            random.nextBytes(bytes);
            System.arraycopy(prefix, 0, bytes, 0, prefix.length);
            assertThat(outcome(bytes, "seed " + seed + " iteration " + i)).isFalse();
        }
    }

    /** One random mutation: bit flips, byte overwrites, a cut, an insertion or a deletion. */
    private static byte[] damage(byte[] original, Random random, int i) {
        byte[] b = original.clone();
        switch (i % 5) {
            case 0:
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            case 1:
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            case 2:
                return Arrays.copyOf(b, random.nextInt(b.length));
            case 3: {
                int at = random.nextInt(b.length + 1);
                byte[] extra = new byte[1 + random.nextInt(16)];
                random.nextBytes(extra);
                return TestZips.concat(Arrays.copyOf(b, at), extra, Arrays.copyOfRange(b, at, b.length));
            }
            default: {
                int at = random.nextInt(b.length);
                int len = 1 + random.nextInt(Math.min(16, b.length - at));
                return TestZips.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, b.length));
            }
        }
    }

    /** True if the bytes read successfully, false if refused with an IOException; fails otherwise. */
    private static boolean outcome(byte[] bytes, String what) {
        boolean read = succeeds(() -> NpzReader.read(new ByteArrayInputStream(bytes), "fuzz.npz", HeaderCheck.NONE), what);
        boolean listed = succeeds(() -> NpzReader.headers(new ByteArrayInputStream(bytes), "fuzz.npz"), what);
        assertThat(listed).as("headers() agrees with read() for " + what).isEqualTo(read);
        return read;
    }

    private interface Action {
        List<?> run() throws IOException;
    }

    private static boolean succeeds(Action action, String what) {
        try {
            action.run();
            return true;
        } catch (IOException expected) {
            assertThat(expected.getMessage()).as(what).startsWith("fuzz.npz: ");
            return false;
        } catch (Throwable t) {
            throw new AssertionError(what + ": expected success or IOException but got " + t, t);
        }
    }
}
