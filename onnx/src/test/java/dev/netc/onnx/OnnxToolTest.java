package dev.netc.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line exports a .net file and imports the result again. */
class OnnxToolTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return OnnxTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void exportThenImport(@TempDir Path dir) throws Exception {
        Path net = dir.resolve("iris_mlp.net");
        Files.writeString(net, "seed 3;\ndense 4 -> 8 relu name=hidden;\ndense 8 -> 3 softmax name=out;\n");
        assertThat(run("export", net.toString())).as(err.toString()).isZero();
        Path onnx = dir.resolve("iris_mlp.onnx");
        assertThat(onnx).isRegularFile();
        assertThat(out.toString()).contains("random weights of seed 3", "wrote " + onnx);

        Path exported = dir.resolve("copy.onnx");
        Weights: {
            dev.netc.runtime.Architecture a = Nets.architecture(Files.readString(net));
            dev.netc.runtime.Weights.random(a, 3).write(dir.resolve("w.npz"));
        }
        assertThat(run("export", net.toString(), "--weights", dir.resolve("w.npz").toString(), "-o",
                exported.toString())).as(err.toString()).isZero();
        assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(onnx));

        Path imported = dir.resolve("imported");
        assertThat(run("import", onnx.toString(), "-d", imported.toString(), "--name", "Iris")).as(err.toString())
                .isZero();
        assertThat(Files.readString(imported.resolve("iris_mlp.net"))).contains("network Iris;",
                "dense 4 -> 8 relu name=hidden;", "dense 8 -> 3 softmax name=out;", "weights \"iris_mlp.npz\";");
        assertThat(imported.resolve("iris_mlp.npz")).isRegularFile();
    }

    @Test
    void refusalsAndUsageErrors(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, new byte[] {1, 2, 3});
        assertThat(run("import", bad.toString(), "-d", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: bad.onnx: not an ONNX model");
        assertThat(run()).isEqualTo(2);
        assertThat(run("import")).isEqualTo(2);
        assertThat(run("frobnicate", "x")).isEqualTo(2);
        assertThat(run("import", bad.toString(), "--bogus")).isEqualTo(2);
        Path net = dir.resolve("n.net");
        Files.writeString(net, "dense 4 -> 4 rellu;\n");
        assertThat(run("export", net.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("unknown activation 'rellu'");
        Files.writeString(net, "dense 4 -> 4 relu;\n");
        assertThat(run("export", net.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("pass --weights FILE.npz");
    }
}
