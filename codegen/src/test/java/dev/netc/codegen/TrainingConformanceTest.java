package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.io.HeaderCheck;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpzReader;
import dev.netc.runtime.train.Loss;
import dev.netc.runtime.train.Optimizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training conformance cases (spec §6): the shared ones (copied from {@code shared/conformance/train} to
 * {@code train-cases}) and ours ({@code train-numpy-cases}, written by {@code src/test/numpy/make_train_cases.py}
 * from the spec's formulas: every optimizer and loss, one-hot targets, standalone softmax, layers without bias,
 * float precision, a deeper network), run as the shared
 * runner ({@code train_conformance.py} with {@code TrainHarness}) runs them, through the generated class's public
 * API: {@code load(initial.npz)}, {@code trainer(Loss.parse(loss), Optimizer.parse(optimizer))}, {@code steps}
 * full-batch {@code step}s on {@code data.npz}'s {@code inputs} with its {@code labels} (int32) or
 * {@code targets}, then {@code network().save(...)}; every step's loss and every saved array must match the
 * NumPy reference within the case's {@code rtol} and {@code atol}, {@code |got - expected| <= atol + rtol·|expected|}.
 */
class TrainingConformanceTest {
    private static final List<Path> CASE_ROOTS =
            List.of(Path.of("src/test/resources/train-cases"), Path.of("src/test/resources/train-numpy-cases"));
    private static final String PACKAGE = "trainconformance";
    private static final List<Case> CASE_LIST = new ArrayList<>();
    private static ClassLoader loader;

    @TempDir
    static Path out;

    /** One case folder and its case.json. */
    private record Case(Path folder, Architecture architecture, String precision, String loss, String optimizer,
            int steps, double rtol, double atol, double[] losses) {}

    @BeforeAll
    static void generateEveryCase() throws IOException {
        List<Path> folders = new ArrayList<>();
        for (Path root : CASE_ROOTS) {
            try (Stream<Path> children = Files.list(root)) {
                children.filter(f -> Files.exists(f.resolve("case.json"))).sorted().forEach(folders::add);
            }
        }
        List<JavaFile> files = new ArrayList<>();
        for (Path folder : folders) {
            String json = Files.readString(folder.resolve("case.json"));
            Path net = folder.resolve(CaseFiles.field(json, "net"));
            CheckResult result = NetFrontEnd.check(net);
            assertThat(result.diagnostics()).as(result.report()).isEmpty();
            Architecture architecture = result.network().orElseThrow().architecture();
            CASE_LIST.add(new Case(folder, architecture, CaseFiles.field(json, "precision"), CaseFiles.field(json, "loss"),
                    CaseFiles.field(json, "optimizer"), Integer.parseInt(CaseFiles.field(json, "steps")),
                    Double.parseDouble(CaseFiles.field(json, "rtol")), Double.parseDouble(CaseFiles.field(json, "atol")),
                    numbers(json, "losses")));
            assertThat(architecture.precision().keyword()).as(folder + " precision")
                    .isEqualTo(CaseFiles.field(json, "precision"));
            files.add(NetworkGenerator.generate(architecture, PACKAGE, false, net.getFileName().toString()));
        }
        assertThat(CASE_LIST).as("cases in " + CASE_ROOTS).hasSizeGreaterThanOrEqualTo(2 + 11);
        loader = InMemoryCompiler.compile(files);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesNumpy() {
        return CASE_LIST.stream().map(c -> DynamicTest.dynamicTest(c.folder().getFileName() + " (" + c.optimizer()
                + ", " + c.loss() + ", " + c.steps() + " steps)", () -> run(c)));
    }

    private static void run(Case c) throws Exception {
        String name = c.folder().getFileName().toString();
        Class<?> type = loader.loadClass(PACKAGE + "." + c.architecture().name());
        Object network = Generated.invoke(type, null, "load", new Class<?>[] {Path.class}, c.folder().resolve("initial.npz"));
        Map<String, Npy> data = readNpz(c.folder().resolve("data.npz"));
        assertThat(data).as(name + " data.npz").containsKey("inputs");
        Npy inputs = data.get("inputs");
        boolean doubles = c.precision().equals("double");
        Object x = rows(inputs.doubles(), inputs.shape(), doubles);
        Object y;
        if (data.containsKey("labels")) {
            y = data.get("labels").ints();
        } else {
            Npy targets = data.get("targets");
            assertThat(targets).as(name + " has labels or targets").isNotNull();
            y = rows(targets.doubles(), targets.shape(), doubles);
        }
        Object trainer = Generated.invoke(type, network, "trainer", new Class<?>[] {Loss.class, Optimizer.class},
                Loss.parse(c.loss()), Optimizer.parse(c.optimizer()));
        double[] losses = new double[c.steps()];
        for (int s = 0; s < c.steps(); s++) {
            losses[s] = ((Number) Generated.invoke(trainer.getClass(), trainer, "step",
                    new Class<?>[] {x.getClass(), y.getClass()}, x, y)).doubleValue();
        }
        assertThat(losses).as(name + " losses").hasSameSizeAs(c.losses());
        assertAllClose(c, "loss of each step", losses, c.losses());

        Object trained = Generated.invoke(trainer.getClass(), trainer, "network", new Class<?>[0]);
        Path saved = out.resolve(name + ".out.npz");
        Generated.invoke(type, trained, "save", new Class<?>[] {Path.class}, saved);
        Map<String, NpyArray> got = byName(NpzReader.read(saved, HeaderCheck.NONE));
        Map<String, NpyArray> want = byName(NpzReader.read(c.folder().resolve("expected.npz"), HeaderCheck.NONE));
        assertThat(got.keySet()).as(name + " arrays").containsExactlyInAnyOrderElementsOf(want.keySet());
        for (String key : want.keySet()) {
            assertThat(got.get(key).shape()).as(name + " " + key + " shape").containsExactly(want.get(key).shape());
            assertAllClose(c, key, got.get(key).toDoubleArray(), want.get(key).toDoubleArray());
        }
    }

    private static Object rows(double[] flat, int[] shape, boolean doubles) {
        assertThat(shape).hasSize(2);
        int rows = shape[0];
        int columns = shape[1];
        if (doubles) {
            double[][] m = new double[rows][];
            for (int r = 0; r < rows; r++) {
                m[r] = Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
            }
            return m;
        }
        float[][] m = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < columns; j++) {
                m[r][j] = (float) flat[r * columns + j];
            }
        }
        return m;
    }

    private static Map<String, NpyArray> byName(List<NpyArray> arrays) {
        Map<String, NpyArray> map = new LinkedHashMap<>();
        arrays.forEach(a -> map.put(a.name(), a));
        return map;
    }

    private static void assertAllClose(Case c, String what, double[] got, double[] want) {
        CaseFiles.assertAllClose(c.folder().getFileName() + " " + what, c.atol(), c.rtol(), got, want);
    }

    /** A field holding an array of numbers. */
    private static double[] numbers(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) {
            throw new AssertionError("case.json has no array " + name);
        }
        return Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToDouble(Double::parseDouble).toArray();
    }

    // ---------------------------------------------------------------- a small .npz reader with int32

    /**
     * One array of an {@code .npz}, as NumPy wrote it: the runtime's reader takes only {@code <f4} and
     * {@code <f8}, and labels are {@code int32}.
     */
    private record Npy(String name, String descr, int[] shape, ByteBuffer data) {
        long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        double[] doubles() {
            double[] v = new double[Math.toIntExact(size())];
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (descr) {
                    case "<f8" -> b.getDouble();
                    case "<f4" -> b.getFloat();
                    default -> throw new AssertionError(name + ": expected <f8 or <f4, got " + descr);
                };
            }
            return v;
        }

        int[] ints() {
            assertThat(shape).as(name + " shape").hasSize(1);
            int[] v = new int[Math.toIntExact(size())];
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (descr) {
                    case "<i4" -> b.getInt();
                    case "<i8" -> Math.toIntExact(b.getLong());
                    default -> throw new AssertionError(name + ": expected <i4 or <i8, got " + descr);
                };
            }
            return v;
        }
    }

    private static Map<String, Npy> readNpz(Path file) throws IOException {
        Map<String, Npy> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                String name = entry.getName().replaceFirst("\\.npy$", "");
                arrays.put(name, readNpy(name, bytes));
            }
        }
        return arrays;
    }

    /** The .npy format: magic, version, header length (2 bytes in 1.0, 4 in 2.0 and 3.0), a Python dict. */
    private static Npy readNpy(String name, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Arrays.copyOf(bytes, 6)).as(name + " magic")
                .containsExactly(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        int major = bytes[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
        Matcher descr = Pattern.compile("'descr'\\s*:\\s*'([^']*)'").matcher(header);
        Matcher fortran = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)").matcher(header);
        Matcher shape = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)").matcher(header);
        assertThat(descr.find() && fortran.find() && shape.find()).as(name + " header " + header).isTrue();
        assertThat(fortran.group(1)).as(name + " fortran_order").isEqualTo("False");
        int[] dims = Arrays.stream(shape.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        ByteBuffer data = ByteBuffer.wrap(bytes, start + headerLength, bytes.length - start - headerLength).slice();
        return new Npy(name, descr.group(1), dims, data);
    }
}
