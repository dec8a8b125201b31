package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generated source of each {@code golden/X.net} must equal {@code golden/X.java.txt}, and all of
 * them must compile without a warning. A network whose file name starts with {@code pretrained_}
 * is generated as if it had a {@code weights} directive. Run with {@code -Dnetc.golden.update=true}
 * to rewrite the expected sources after a deliberate change, then review the diff. The netc version
 * stamped into each class reads {@value #VERSION} in the golden files, so that they stay the same
 * from one version to the next.
 */
class GeneratedSourceGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("netc.golden.update");
    static final String VERSION = "@netc.version@";

    @Test
    void generatedSourcesEqualTheGoldenFilesAndCompile() throws IOException {
        List<JavaFile> files = new ArrayList<>();
        List<Path> nets;
        try (Stream<Path> list = Files.list(GOLDEN)) {
            nets = list.filter(f -> f.toString().endsWith(".net")).sorted().toList();
        }
        assertThat(nets).isNotEmpty();
        for (Path net : nets) {
            CheckResult result = NetFrontEnd.check(net);
            assertThat(result.diagnostics()).as(result.report()).isEmpty();
            String name = net.getFileName().toString();
            JavaFile file = NetworkGenerator.generate(result.network().orElseThrow().architecture(), "golden",
                    name.startsWith("pretrained_"), name);
            files.add(file);
            Path expected = GOLDEN.resolve(name.replace(".net", ".java.txt"));
            String stamp = "RuntimeVersion.check(\"" + GeneratorVersion.current() + "\", ";
            assertThat(file.toString()).as("the version stamp of %s", name).contains(stamp);
            String stable = file.toString().replace(stamp, "RuntimeVersion.check(\"" + VERSION + "\", ");
            if (UPDATE) {
                Files.writeString(expected, stable, StandardCharsets.UTF_8);
            }
            assertThat(stable).as("generated from %s", name)
                    .isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
        }
        InMemoryCompiler.compile(files);
    }
}
