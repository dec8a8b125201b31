package dev.netc.codegen.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.codegen.InMemoryCompiler;
import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.dsl.RandomNetworks;
import dev.netc.dsl.diag.SourceText;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.Test;

/**
 * {@link StraightLineSize} bounds the bytecode of the straight-line {@code forward} that javac makes,
 * so that no network the unrolled kernel takes ends up with a method the JIT refuses to compile.
 */
class StraightLineSizeTest {

    /** Networks that stress one cost each: row-wise stages, many slots, arguments, doubles. */
    private static final Map<String, String> STRESS = Map.of(
            "tutorial", "dense 4 -> 4 relu;\ndense 4 -> 4 softmax;\n",
            "softmax_stack", "input 16;\ndense 16 -> 20 softmax;\nsoftmax; softmax; softmax; softmax;\n"
                    + "dense 20 -> 4 softmax;\n",
            "wide_softmaxes", "input 2;\ndense 2 -> 63 softmax;\nsoftmax;\n",
            "many_stages", "input 8;\ndense 8 -> 40 softmax;\ndense 40 -> 2 softmax;\n" + "softmax;\n".repeat(32),
            "largest_unrolled", "input 16;\ndense 16 -> 20 softmax;\ngelu_tanh; softmax; gelu_tanh; softmax;\n"
                    + "dense 20 -> 4 softmax;\n",
            "log_softmax_double", "precision double; input 16;\ndense 16 -> 20 log_softmax;\nlog_softmax;\n"
                    + "dense 20 -> 4 log_softmax;\n",
            "arguments", "input 20;\ndense 20 -> 19 leaky_relu(0.2);\nelu(0.5); leaky_relu(0.1);\n"
                    + "dense 19 -> 1;\n");

    @Test
    void boundsEveryForwardAndKeepsTheTakenOnesCompilable() throws IOException {
        List<Architecture> architectures = new ArrayList<>();
        STRESS.forEach((name, body) -> architectures.add(parse(name, "network " + camel(name) + ";\n" + body)));
        Random random = new Random(20261127);
        for (int i = 0; i < 60; i++) {
            String name = "random_net_" + i;
            Architecture architecture = parse(name, RandomNetworks.generate(random, name + ".net", 6, 24).text());
            if (UnrolledKernel.withinLimits(architecture)) {
                architectures.add(architecture);
            }
        }

        List<JavaFile> files = new ArrayList<>();
        for (int i = 0; i < architectures.size(); i++) {
            files.add(forwardOnly(architectures.get(i), "sizes" + i));
        }
        Map<String, byte[]> classes = InMemoryCompiler.classes(files);

        int taken = 0;
        int refused = 0;
        for (int i = 0; i < architectures.size(); i++) {
            Architecture architecture = architectures.get(i);
            int actual = codeLength(classes.get("sizes" + i + "." + architecture.name()), "forward");
            long bound = StraightLineSize.bytes(architecture);
            assertThat(bound).as("%s: forward of %d bytes", architecture.name(), actual).isGreaterThanOrEqualTo(actual);
            if (UnrolledKernel.fits(architecture)) {
                assertThat(actual).as(architecture.name()).isLessThanOrEqualTo(StraightLineSize.COMPILED_LIMIT);
                taken++;
            } else {
                refused++;
            }
        }
        assertThat(taken).isGreaterThan(10);
        assertThat(refused).as("networks within the counts but too large to compile").isGreaterThanOrEqualTo(2);
        assertThat(UnrolledKernel.fits(parse("tutorial", "dense 4 -> 4 relu;\ndense 4 -> 4 softmax;\n"))).isTrue();
    }

    private static Architecture parse(String name, String text) {
        CheckResult result = NetFrontEnd.check(new SourceText(name + ".net", text), name + ".net", Path.of("."), null);
        assertThat(result.diagnostics()).as("%s%n%s", result.report(), text).isEmpty();
        return result.network().orElseThrow().architecture();
    }

    private static String camel(String snake) {
        StringBuilder name = new StringBuilder();
        for (String part : snake.split("_")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }

    /** A class with just the weight fields, the workspace and the straight-line {@code forward}, whatever the size. */
    private static JavaFile forwardOnly(Architecture architecture, String packageName) {
        ClassName self = ClassName.get(packageName, architecture.name());
        ClassName workspace = self.nestedClass("Workspace");
        UnrolledKernel kernel = new UnrolledKernel(architecture, new ScalarType(architecture.precision()), workspace);
        TypeSpec.Builder type = TypeSpec.classBuilder(self).addModifiers(Modifier.FINAL)
                .addType(TypeSpec.classBuilder(workspace).addModifiers(Modifier.STATIC, Modifier.FINAL).build());
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addParameter(Weights.class, "weights");
        kernel.weightFields().addFields(type);
        kernel.weightFields().load(constructor);
        kernel.addForwardMethods(type);
        type.addMethod(constructor.build());
        return JavaFile.builder(packageName, type.build()).build();
    }

    /** The length of the named method's code, read from the class file. */
    private static int codeLength(byte[] classFile, String method) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.skipBytes(8);
        String[] utf8 = new String[in.readUnsignedShort()];
        for (int i = 1; i < utf8.length; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.skipBytes(6);
        in.skipBytes(2 * in.readUnsignedShort());
        skipMembers(in);
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.skipBytes(2);
            String name = utf8[in.readUnsignedShort()];
            in.skipBytes(2);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (name.equals(method) && attribute.equals("Code")) {
                    in.skipBytes(4);
                    return in.readInt();
                }
                in.skipBytes(length);
            }
        }
        throw new IOException("no method " + method);
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int members = in.readUnsignedShort();
        for (int m = 0; m < members; m++) {
            in.skipBytes(6);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipBytes(2);
                in.skipBytes(in.readInt());
            }
        }
    }
}
