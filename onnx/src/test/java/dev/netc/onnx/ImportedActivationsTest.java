package dev.netc.onnx;

import static dev.netc.onnx.ModelBuilder.FLOAT;
import static dev.netc.onnx.ModelBuilder.dims;
import static dev.netc.onnx.ModelBuilder.f;
import static dev.netc.onnx.ModelBuilder.i;
import static dev.netc.onnx.ModelBuilder.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.onnx.proto.Onnx.AttributeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of writing an activation that the importer knows, between two Gemm layers, imports as
 * the expected netc activation and matches ONNX Runtime on the original model.
 */
class ImportedActivationsTest {
    /** Builds the nodes from value "h" to value "a"; constants may be added as initializers. */
    record Case(String label, int opset, String expected, Consumer<ModelBuilder> nodes) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Case op(String op, String expected, AttributeProto... attrs) {
        return new Case(op, 20, expected, m -> m.node(op, "act", "h", "a", attrs));
    }

    static Stream<Arguments> cases() {
        List<Case> c = new ArrayList<>();
        c.add(op("Relu", "relu"));
        c.add(op("LeakyRelu", "leaky_relu(0.01)"));
        c.add(op("LeakyRelu", "leaky_relu(0.3)", f("alpha", 0.3)));
        c.add(op("Elu", "elu(0.5)", f("alpha", 0.5)));
        c.add(op("Selu", "selu"));
        c.add(op("Sigmoid", "sigmoid"));
        c.add(op("HardSigmoid", "hard_sigmoid", f("alpha", 1.0 / 6), f("beta", 0.5)));
        c.add(op("HardSwish", "hard_silu"));
        c.add(op("Tanh", "tanh"));
        c.add(op("Softplus", "softplus"));
        c.add(op("Softsign", "softsign"));
        c.add(op("Gelu", "gelu"));
        c.add(op("Gelu", "gelu_tanh", s("approximate", "tanh")));
        c.add(op("Mish", "mish"));
        c.add(op("Exp", "exponential"));
        c.add(op("Softmax", "softmax", i("axis", -1)));
        c.add(op("LogSoftmax", "log_softmax", i("axis", 1)));
        c.add(new Case("Softmax opset 11 default axis", 11, "softmax", m -> m.node("Softmax", "act", "h", "a")));
        c.add(new Case("Clip(0, 6) inputs", 13, "relu6", m -> m.init("zero", FLOAT, dims(), 0)
                .init("six", FLOAT, dims(), 6).node("Clip", "act", List.of("h", "zero", "six"), List.of("a"))));
        c.add(new Case("Clip(0, 6) attributes", 10, "relu6",
                m -> m.node("Clip", "act", "h", "a", f("min", 0), f("max", 6))));
        c.add(new Case("Clip(0, none)", 13, "relu", m -> m.init("zero", FLOAT, dims(), 0)
                .node("Clip", "act", List.of("h", "zero", ""), List.of("a"))));
        c.add(new Case("Max(x, 0)", 13, "relu", m -> m.init("zero", FLOAT, dims(), 0)
                .node("Max", "act", List.of("h", "zero"), List.of("a"))));
        c.add(new Case("x*Sigmoid(x)", 13, "silu", m -> m.node("Sigmoid", "sig", "h", "s")
                .node("Mul", "act", List.of("h", "s"), List.of("a"))));
        c.add(new Case("x*HardSigmoid(x)", 13, "hard_silu", m -> m.node("HardSigmoid", "hs", "h", "s",
                f("alpha", 1.0 / 6), f("beta", 0.5)).node("Mul", "act", List.of("s", "h"), List.of("a"))));
        c.add(new Case("x*Clip(x+3,0,6)/6", 13, "hard_silu", m -> m.init("three", FLOAT, dims(), 3)
                .init("zero", FLOAT, dims(), 0).init("six", FLOAT, dims(), 6)
                .node("Add", "add", List.of("h", "three"), List.of("p"))
                .node("Clip", "clip", List.of("p", "zero", "six"), List.of("c"))
                .node("Div", "div", List.of("c", "six"), List.of("d"))
                .node("Mul", "act", List.of("h", "d"), List.of("a"))));
        c.add(new Case("x*tanh(softplus(x))", 13, "mish", m -> m.node("Softplus", "sp", "h", "p")
                .node("Tanh", "t", "p", "q").node("Mul", "act", List.of("h", "q"), List.of("a"))));
        c.add(new Case("gelu tanh formula", 13, "gelu_tanh", m -> m.init("c", FLOAT, dims(), 0.044715)
                .init("k", FLOAT, dims(), Math.sqrt(2 / Math.PI)).init("one", FLOAT, dims(), 1)
                .init("half", FLOAT, dims(), 0.5).init("three", FLOAT, dims(), 3)
                .node("Pow", "pow", List.of("h", "three"), List.of("cube"))
                .node("Mul", "mulc", List.of("cube", "c"), List.of("cc"))
                .node("Add", "inner", List.of("h", "cc"), List.of("in"))
                .node("Mul", "scale", List.of("in", "k"), List.of("ks"))
                .node("Tanh", "tanh", "ks", "t")
                .node("Add", "plus", List.of("t", "one"), List.of("tp"))
                .node("Mul", "half", List.of("h", "half"), List.of("hh"))
                .node("Mul", "act", List.of("hh", "tp"), List.of("a"))));
        c.add(new Case("PRelu scalar slope", 13, "leaky_relu(0.25)", m -> m.init("slope", FLOAT, dims(1), 0.25)
                .node("PRelu", "act", List.of("h", "slope"), List.of("a"))));
        c.add(new Case("Dropout then Identity", 13, "", m -> m.node("Dropout", "drop", "h", "d")
                .node("Identity", "act", "d", "a")));
        c.add(new Case("Relu then Tanh", 13, "relu;tanh", m -> m.node("Relu", "r", "h", "r1")
                .node("Tanh", "act", "r1", "a")));
        return c.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importsAsTheNetcActivation(Case c) throws Exception {
        Random random = new Random(7);
        ModelBuilder m = new ModelBuilder(c.opset())
                .input("x", FLOAT, "N", 5)
                .init("w1", FLOAT, dims(5, 6), ModelBuilder.random(random, 30, 1))
                .init("b1", FLOAT, dims(6), ModelBuilder.random(random, 6, 1))
                .init("w2", FLOAT, dims(6, 3), ModelBuilder.random(random, 18, 1))
                .init("b2", FLOAT, dims(3), ModelBuilder.random(random, 3, 1))
                .node("Gemm", "first", List.of("x", "w1", "b1"), List.of("h"));
        c.nodes().accept(m);
        byte[] model = m.node("Gemm", "second", List.of("a", "w2", "b2"), List.of("y")).output("y", FLOAT, "N", 3).bytes();
        ImportedNetwork net = OnnxImporterTest.importAndCompare(model, "act.onnx", "x", dims(16, 5), "y");
        String[] expected = c.expected().split(";");
        String first = expected[0].isEmpty() ? "dense 5 -> 6 name=first;" : "dense 5 -> 6 " + expected[0] + " name=first;";
        assertThat(net.netSource()).contains(first);
        for (int k = 1; k < expected.length; k++) {
            assertThat(net.netSource()).contains("\n" + expected[k] + ";\n");
        }
    }
}
