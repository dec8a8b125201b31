package dev.netc.runtime.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Tests {@link NumpyRandom} against NumPy's legacy {@code RandomState}: reference streams
 * from {@code src/test/resources/math/make_reference.py}, compared bit for bit.
 */
class NumpyRandomTest {

    /** Same cycle as MIXED_CYCLE in make_reference.py. */
    private static final String[] MIXED_CYCLE = {"randn", "random_sample", "randn", "randn",
        "uniform", "random_sample", "random_sample", "randn", "randn", "randn", "uniform"};

    /** One stream of the reference file: values at some indices plus a hash of all. */
    private record Section(long seed, String stream, int n, String sha256,
            Map<Integer, String> shown) {}

    private static List<Section> loadSections() throws IOException {
        List<Section> sections = new ArrayList<>();
        try (InputStream in = NumpyRandomTest.class.getResourceAsStream(
                        "/math/numpy_random_reference.txt");
                BufferedReader r = new BufferedReader(
                        new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                Map<String, String> h = new LinkedHashMap<>();
                for (String kv : line.substring(2).split(" ")) {
                    int eq = kv.indexOf('=');
                    h.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                Map<Integer, String> shown = new LinkedHashMap<>();
                int show = Integer.parseInt(h.get("show"));
                for (int i = 0; i < show; i++) {
                    String[] f = r.readLine().split(" ");
                    shown.put(Integer.parseInt(f[0]), f[1]);
                }
                sections.add(new Section(Long.parseLong(h.get("seed")), h.get("stream"),
                        Integer.parseInt(h.get("n")), h.get("sha256"), shown));
            }
        }
        return sections;
    }

    @TestFactory
    Stream<DynamicTest> matchesNumpyStreams() throws IOException {
        List<Section> sections = loadSections();
        assertThat(sections).hasSize(9 * 5);
        return sections.stream().map(s -> DynamicTest.dynamicTest(
                "seed=" + s.seed() + " " + s.stream() + " x" + s.n(), () -> check(s)));
    }

    private static void check(Section s) throws NoSuchAlgorithmException {
        NumpyRandom rng = new NumpyRandom(s.seed());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer buf = ByteBuffer.allocate(8); // big-endian, as in the script
        if (s.stream().equals("uint32")) {
            for (int i = 0; i < s.n(); i++) {
                int v = rng.nextUint32();
                String expected = s.shown().get(i);
                if (expected != null) {
                    assertThat(Integer.toUnsignedLong(v)).as("index %d", i)
                            .isEqualTo(Long.parseLong(expected));
                }
                sha.update(buf.clear().putInt(v).array(), 0, 4);
            }
        } else {
            DoubleSupplier next = supplier(s.stream(), rng);
            for (int i = 0; i < s.n(); i++) {
                double v = next.getAsDouble();
                String expected = s.shown().get(i);
                if (expected != null) {
                    // Double.equals: bit-for-bit, not merely close.
                    assertThat(v).as("index %d", i).isEqualTo(Double.parseDouble(expected));
                }
                sha.update(buf.clear().putDouble(v).array());
            }
        }
        assertThat(HexFormat.of().formatHex(sha.digest()))
                .as("SHA-256 of all %d values (the shown ones matched)", s.n())
                .isEqualTo(s.sha256());
    }

    private static DoubleSupplier supplier(String stream, NumpyRandom rng) {
        switch (stream) {
            case "random_sample":
                return rng::nextDouble;
            case "randn":
                return rng::nextGaussian;
            case "uniform":
                return () -> rng.nextUniform(-3.25, 7.5);
            case "mixed":
                int[] i = {0};
                return () -> {
                    String op = MIXED_CYCLE[i[0]++ % MIXED_CYCLE.length];
                    switch (op) {
                        case "randn":
                            return rng.nextGaussian();
                        case "random_sample":
                            return rng.nextDouble();
                        default:
                            return rng.nextUniform(-1.0, 2.0);
                    }
                };
            default:
                throw new IllegalArgumentException(stream);
        }
    }

    @Test
    void tutorialInitializerSeedZero() {
        // np.random.seed(0); 0.1 * np.random.randn(3, 3), in C (row-major) order.
        double[] numpy = {
            0.1764052345967664, 0.040015720836722335, 0.09787379841057392,
            0.2240893199201458, 0.18675579901499675, -0.0977277879876411,
            0.09500884175255894, -0.01513572082976979, -0.010321885179355785,
        };
        NumpyRandom rng = new NumpyRandom(0);
        for (double expected : numpy) {
            assertThat(0.1 * rng.nextGaussian()).isEqualTo(expected);
        }
    }

    @Test
    void wellKnownFirstValues() {
        // np.random.seed(0); np.random.rand() / np.random.randn()
        assertThat(new NumpyRandom(0).nextDouble()).isEqualTo(0.5488135039273248);
        assertThat(new NumpyRandom(0).nextGaussian()).isEqualTo(1.764052345967664);
        // The reference MT19937 (mt19937ar.c) seeded with init_genrand(5489) starts 3499211612.
        assertThat(Integer.toUnsignedLong(new NumpyRandom(5489).nextUint32())).isEqualTo(3499211612L);
    }

    @Test
    void cachedGaussianSurvivesOtherCalls() {
        NumpyRandom a = new NumpyRandom(7);
        NumpyRandom b = new NumpyRandom(7);
        double a1 = a.nextGaussian();
        double aDouble = a.nextDouble(); // consumes fresh bits; the cached normal stays
        double a2 = a.nextGaussian();
        assertThat(b.nextGaussian()).isEqualTo(a1);
        assertThat(b.nextGaussian()).isEqualTo(a2);
        assertThat(b.nextDouble()).isEqualTo(aDouble);
    }

    @Test
    void seedsOutsideUint32UseTheTwoWordArray() {
        // 2^32 + 5 -> init_by_array([5, 1]); -1 -> [0xffffffff, 0xffffffff]: all distinct
        // from the plain int seeds and from each other.
        double[] firsts = {
            new NumpyRandom(5).nextDouble(), new NumpyRandom((1L << 32) + 5).nextDouble(),
            new NumpyRandom(-1).nextDouble(), new NumpyRandom(0xffffffffL).nextDouble(),
            new NumpyRandom(Long.MIN_VALUE).nextDouble(), new NumpyRandom(Long.MAX_VALUE).nextDouble(),
        };
        assertThat(firsts).doesNotHaveDuplicates();
        assertThat(new NumpyRandom(-5).nextDouble()).isEqualTo(new NumpyRandom(-5).nextDouble());
    }

    @Test
    void uniformBoundsAndErrors() {
        NumpyRandom rng = new NumpyRandom(3);
        for (int i = 0; i < 10000; i++) {
            double v = rng.nextUniform(-2.0, 5.0);
            assertThat(v).isGreaterThanOrEqualTo(-2.0).isLessThan(5.0);
            double d = rng.nextDouble();
            assertThat(d).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
        // As NumPy: low > high is allowed and equals low + (high - low) * u.
        NumpyRandom x = new NumpyRandom(9);
        NumpyRandom y = new NumpyRandom(9);
        assertThat(x.nextUniform(1.0, -1.0)).isEqualTo(1.0 - 2.0 * y.nextDouble());

        NumpyRandom z = new NumpyRandom(11);
        assertThatThrownBy(() -> z.nextUniform(-Double.MAX_VALUE, Double.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> z.nextUniform(0.0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        // Nothing was consumed by the failed calls.
        assertThat(z.nextDouble()).isEqualTo(new NumpyRandom(11).nextDouble());
    }
}
