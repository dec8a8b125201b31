package dev.netc.onnx;

import static dev.netc.onnx.ModelBuilder.DOUBLE;
import static dev.netc.onnx.ModelBuilder.FLOAT;
import static dev.netc.onnx.ModelBuilder.INT64;
import static dev.netc.onnx.ModelBuilder.dims;
import static dev.netc.onnx.ModelBuilder.f;
import static dev.netc.onnx.ModelBuilder.i;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.netc.onnx.proto.Onnx.ModelProto;
import dev.netc.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graphs outside what netc describes are refused with a message naming the node, its operator and why. */
class RefusalsTest {
    /** x (N, 4) -> Gemm 'fc1' -> h, then whatever {@code middle} adds from h to a, then Gemm 'fc2' -> y. */
    private static byte[] around(int opset, UnaryOperator<ModelBuilder> middle) {
        ModelBuilder m = new ModelBuilder(opset).input("x", FLOAT, "N", 4)
                .init("w1", FLOAT, dims(4, 4), new double[16]).init("b1", FLOAT, dims(4), new double[4])
                .init("w2", FLOAT, dims(4, 2), new double[8])
                .node("Gemm", "fc1", List.of("x", "w1", "b1"), List.of("h"));
        return middle.apply(m).node("Gemm", "fc2", List.of("a", "w2"), List.of("y")).output("y", FLOAT, "N", 2)
                .bytes();
    }

    private static String refusal(byte[] model) {
        OnnxImportException e = catchThrowableOfType(OnnxImportException.class,
                () -> OnnxImporter.read(model, "model.onnx", null));
        assertThat(e).as("expected a refusal").isNotNull().isInstanceOf(IOException.class);
        assertThat(e.getMessage()).startsWith("model.onnx: ");
        return e.getMessage();
    }

    @Test
    void convolution() {
        byte[] model = new ModelBuilder(13).input("image", FLOAT, "N", 1, 8, 8)
                .init("k", FLOAT, dims(2, 1, 3, 3), new double[18])
                .node("Conv", "conv1", List.of("image", "k"), List.of("c"))
                .node("Relu", "relu1", "c", "y").output("y", FLOAT, "N", 2, 6, 6).bytes();
        assertThat(refusal(model)).isEqualTo("model.onnx: node 'conv1' (Conv): only dense networks (multilayer"
                + " perceptrons) are supported");
    }

    @Test
    void unnamedNodesAreNamedByIndex() {
        byte[] model = around(13, m -> m.node("LSTM", "", "h", "a"));
        assertThat(refusal(model)).contains("node #1 (LSTM): only dense networks");
    }

    @Test
    void unknownOperator() {
        byte[] model = around(13, m -> m.node("Cos", "cosine", "h", "a"));
        assertThat(refusal(model)).contains("node 'cosine' (Cos): operator Cos is not supported");
    }

    @Test
    void hardSigmoidOtherThanKeras3() {
        byte[] model = around(13, m -> m.node("HardSigmoid", "hs", "h", "a", f("alpha", 0.2), f("beta", 0.5)));
        assertThat(refusal(model)).contains("node 'hs' (HardSigmoid): alpha=0.2, beta=0.5 is not netc's hard_sigmoid");
    }

    @Test
    void slopesThatAreNotFiniteNumbers() {
        byte[] leaky = around(13, m -> m.node("LeakyRelu", "leaky", "h", "a", f("alpha", Double.POSITIVE_INFINITY)));
        assertThat(refusal(leaky)).contains("node 'leaky' (LeakyRelu): its slope alpha=Infinity is not a finite number");
        byte[] elu = around(13, m -> m.node("Elu", "elu", "h", "a", f("alpha", Double.NaN)));
        assertThat(refusal(elu)).contains("node 'elu' (Elu): its slope alpha=NaN is not a finite number");
    }

    @Test
    void aDoubleSlopeBeyondTheLargestFloatInAFloatNetwork() {
        byte[] model = around(13, m -> m.init("slope", DOUBLE, dims(1), new double[] {1e300})
                .node("PRelu", "prelu", List.of("h", "slope"), List.of("a")));
        assertThat(refusal(model)).contains("the network computes in float, but the argument a = 1.0E300 of"
                + " 'leaky_relu' does not fit a float");
    }

    @Test
    void seluWithOtherConstants() {
        byte[] model = around(13, m -> m.node("Selu", "selu", "h", "a", f("alpha", 2.0)));
        assertThat(refusal(model)).contains("node 'selu' (Selu): alpha=2.0, gamma=1.050701 is not the standard SELU");
    }

    @Test
    void clipToOtherBounds() {
        byte[] model = around(13, m -> m.init("lo", FLOAT, dims(), -1).init("hi", FLOAT, dims(), 1)
                .node("Clip", "clip", List.of("h", "lo", "hi"), List.of("a")));
        assertThat(refusal(model)).contains("node 'clip' (Clip): Clip(-1.0, 1.0) is none of netc's activations");
    }

    /** ReLU capped far out (Keras' ReLU(max_value=45), torch.clamp(x, 0, 50)) agrees with relu on [-40, 40]. */
    @Test
    void reluCappedBeyondTheUsualProbesInTwoNodes() {
        byte[] clip = around(13, m -> m.init("hi", FLOAT, dims(), 45).node("Relu", "relu", "h", "r")
                .node("Clip", "cap", List.of("r", "", "hi"), List.of("a")));
        assertThat(refusal(clip)).contains("node 'cap' (Clip): Clip(-Infinity, 45.0) is none of netc's activations");
        byte[] minMax = around(13, m -> m.init("zero", FLOAT, dims(), 0).init("hi", FLOAT, dims(), 50)
                .node("Max", "floor", List.of("h", "zero"), List.of("r"))
                .node("Min", "cap", List.of("r", "hi"), List.of("a")));
        assertThat(refusal(minMax)).contains("node 'cap' (Min): computes an element-wise function that is none of"
                + " netc's activations");
        byte[] oldClip = around(10, m -> m.node("Relu", "relu", "h", "r").node("Clip", "cap", "r", "a",
                f("min", 0), f("max", 1000)));
        assertThat(refusal(oldClip)).contains("node 'cap' (Clip): Clip(0.0, 1000.0) is none of netc's activations");
        byte[] rescaled = around(13, m -> m.init("tenth", FLOAT, dims(), 0.1).init("hi", FLOAT, dims(), 4.5)
                .init("ten", FLOAT, dims(), 10).node("Relu", "relu", "h", "r")
                .node("Mul", "down", List.of("r", "tenth"), List.of("s")).node("Min", "cap", List.of("s", "hi"), List.of("c"))
                .node("Mul", "up", List.of("c", "ten"), List.of("a")));
        // Not relu: refused, here where the scaling no longer folds into a layer.
        assertThat(refusal(rescaled)).contains("node 'down' (Mul): scales or shifts the values by constants");
    }

    @Test
    void elementWiseFormulaThatIsNoActivation() {
        byte[] model = around(13, m -> m.node("Sigmoid", "s", "h", "s1").node("Mul", "square", List.of("s1", "s1"),
                List.of("a")));
        // Sigmoid alone is an activation; what follows is not.
        assertThat(refusal(model)).contains("node 'square' (Mul): computes an element-wise function that is none of"
                + " netc's activations");
    }

    @Test
    void softmaxOverTheBatch() {
        byte[] model = around(13, m -> m.node("Softmax", "sm", "h", "a", i("axis", 0)));
        assertThat(refusal(model)).contains("node 'sm' (Softmax): axis=0").contains("not per sample");
    }

    @Test
    void twoInputs() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4).input("y", FLOAT, "N", 4)
                .node("Add", "sum", List.of("x", "y"), List.of("z")).output("z", FLOAT, "N", 4).bytes();
        assertThat(refusal(model)).contains("node 'sum' (Add): uses the graph input 'y' besides 'x'; netc networks"
                + " have one input");
    }

    @Test
    void skipConnection() {
        byte[] model = around(13, m -> m.init("w3", FLOAT, dims(4, 4), new double[16])
                .node("Gemm", "inner", List.of("h", "w3"), List.of("g"))
                .node("Add", "residual", List.of("g", "h"), List.of("a")));
        assertThat(refusal(model)).contains("node 'inner' (Gemm): its input 'h' is also used by node 'residual' (Add)")
                .contains("only sequential networks");
    }

    @Test
    void parallelBranchesJoined() {
        byte[] model = around(13, m -> m.node("Relu", "left", "h", "l").node("Tanh", "right", "h", "r")
                .node("Concat", "join", List.of("l", "r"), List.of("a"), i("axis", 1)));
        assertThat(refusal(model)).contains("node 'join' (Concat)").contains("only sequential networks");
    }

    @Test
    void missingInitializer() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4)
                .node("Gemm", "fc", List.of("x", "fc.weight"), List.of("y"), i("transB", 1))
                .output("y", FLOAT, "N", 2).bytes();
        assertThat(refusal(model)).isEqualTo("model.onnx: node 'fc' (Gemm): its weights 'fc.weight' are missing: no"
                + " initializer, constant or node produces them");
    }

    @Test
    void anInitializerThatDeclaresMoreValuesThanItHoldsIsRefusedBeforeAnythingIsAllocated() {
        // A few bytes declaring two billion floats: refused by its size, not an OutOfMemoryError.
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4).init("W", FLOAT, dims(4, 500_000_000))
                .node("MatMul", "mm", List.of("x", "W"), List.of("y")).output("y", FLOAT, "N", 500_000_000).bytes();
        assertThat(refusal(model)).contains("initializer 'W' holds 0 values in float_data but its shape"
                + " (4, 500000000) needs 2000000000");
    }

    /** Training mode normalizes by each batch's statistics; folding the running ones would be silently wrong. */
    @Test
    void batchNormalizationInTrainingMode() {
        UnaryOperator<ModelBuilder> parameters = m -> m.init("gamma", FLOAT, dims(4), 1, 2, 1, 1)
                .init("beta", FLOAT, dims(4), 0, 0, 1, 0).init("mean", FLOAT, dims(4), 0, 1, 0, 0)
                .init("var", FLOAT, dims(4), 1, 1, 2, 1);
        List<String> in = List.of("h", "gamma", "beta", "mean", "var");
        String why = "model.onnx: node 'bn' (BatchNormalization): is in training mode, which normalizes each batch"
                + " by its own mean and variance; export the model for inference (PyTorch: model.eval(); Keras:"
                + " training=False)";
        byte[] opset15 = around(15, m -> parameters.apply(m)
                .node("BatchNormalization", "bn", in, List.of("a", "running_mean", "running_var"), i("training_mode", 1)));
        assertThat(refusal(opset15)).isEqualTo(why);
        byte[] opset9 = around(9, m -> parameters.apply(m)
                .node("BatchNormalization", "bn", in, List.of("a", "m", "v", "saved_m", "saved_v")));
        assertThat(refusal(opset9)).isEqualTo(why);
    }

    @Test
    void dropoutInTrainingModeIsRefusedAndOutOfItIsNothing() throws IOException {
        for (double flag : new double[] {1, 0}) {
            byte[] model = around(13, m -> m.init("ratio", FLOAT, dims(), 0.5).init("training", ModelBuilder.BOOL,
                    dims(), flag).node("Dropout", "drop", List.of("h", "ratio", "training"), List.of("a")));
            if (flag == 1) {
                assertThat(refusal(model)).isEqualTo("model.onnx: node 'drop' (Dropout): is in training mode, which"
                        + " drops values at random; export the model for inference (PyTorch: model.eval(); Keras:"
                        + " training=False)");
            } else {
                assertThat(OnnxImporter.read(model, "model.onnx", null).architecture().layers()).hasSize(2);
            }
        }
    }

    @Test
    void aShiftAfterAnActivationAtTheOutput() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4).init("w", FLOAT, dims(4, 2), new double[8])
                .init("one", FLOAT, dims(), 1)
                .node("Gemm", "fc", List.of("x", "w"), List.of("z")).node("Sigmoid", "p", "z", "s")
                .node("Sub", "complement", List.of("one", "s"), List.of("y")).output("y", FLOAT, "N", 2).bytes();
        assertThat(refusal(model)).isEqualTo("model.onnx: node 'complement' (Sub): scales or shifts the values by"
                + " constants, which netc can fold only into the dense layer right before or after it");
    }

    @Test
    void aCycle() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4).init("w", FLOAT, dims(4, 4), new double[16])
                .node("Gemm", "fc", List.of("x", "w"), List.of("h")).node("Relu", "back", "h", "x")
                .output("h", FLOAT, "N", 4).bytes();
        assertThat(refusal(model)).isEqualTo("model.onnx: node 'back' (Relu): its input 'h' depends on its own output:"
                + " the graph has a cycle, which no valid ONNX model has");
    }

    @Test
    void reshapeWithTwoInferredDimensions() {
        byte[] model = around(13, m -> m.init("shape", INT64, dims(2), -1, -1)
                .node("Reshape", "rs", List.of("h", "shape"), List.of("a")));
        assertThat(refusal(model)).isEqualTo("model.onnx: node 'rs' (Reshape): its shape (-1, -1) has more than one -1;"
                + " ONNX infers at most one dimension");
    }

    @Test
    void batchNormalizationWithParametersOfDifferentLengths() {
        byte[] model = around(13, m -> m.init("gamma", FLOAT, dims(4), 1, 1, 1, 1).init("beta", FLOAT, dims(2), 0, 0)
                .init("mean", FLOAT, dims(4), 0, 0, 0, 0).init("var", FLOAT, dims(4), 1, 1, 1, 1)
                .node("BatchNormalization", "bn", List.of("h", "gamma", "beta", "mean", "var"), List.of("a")));
        assertThat(refusal(model)).isEqualTo("model.onnx: node 'bn' (BatchNormalization): its scale, B, mean and"
                + " var hold 4, 2, 4 and 4 values; each needs one per feature");
    }

    @Test
    void weightsFromAGraphInput() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4).input("W", FLOAT, 4, 2)
                .node("MatMul", "mm", List.of("x", "W"), List.of("y")).output("y", FLOAT, "N", 2).bytes();
        assertThat(refusal(model)).contains("node 'mm' (MatMul)");
    }

    @Test
    void weightsOfTheWrongShape() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4)
                .init("w", FLOAT, dims(5, 3), new double[15])
                .node("MatMul", "mm", List.of("x", "w"), List.of("y")).output("y", FLOAT, "N", 3).bytes();
        assertThat(refusal(model)).contains("node 'mm' (MatMul): its weights 'w' have shape (5, 3), which takes 5"
                + " values per sample, but its input has 4");
    }

    @Test
    void biasOfTheWrongShape() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4)
                .init("w", FLOAT, dims(4, 3), new double[12]).init("b", FLOAT, dims(2), new double[2])
                .node("Gemm", "fc", List.of("x", "w", "b"), List.of("y")).output("y", FLOAT, "N", 3).bytes();
        assertThat(refusal(model)).contains("node 'fc' (Gemm): its bias 'b' has shape (2,); expected (3,)");
    }

    @Test
    void rawDataOfTheWrongLength() {
        ModelBuilder m = new ModelBuilder(13).input("x", FLOAT, "N", 2);
        byte[] good = m.init("w", FLOAT, dims(2, 2), new double[4])
                .node("MatMul", "mm", List.of("x", "w"), List.of("y")).output("y", FLOAT, "N", 2).bytes();
        ModelProto.Builder model = parse(good).toBuilder();
        TensorProto w = model.getGraph().getInitializer(0).toBuilder().setRawData(ByteString.copyFrom(new byte[12]))
                .build();
        model.getGraphBuilder().setInitializer(0, w);
        assertThat(refusal(model.build().toByteArray())).contains("node 'mm' (MatMul): initializer 'w' holds 12"
                + " bytes of raw data but its shape (2, 2) needs 16");
    }

    @Test
    void externalData() {
        byte[] good = new ModelBuilder(13).input("x", FLOAT, "N", 2).init("w", FLOAT, dims(2, 2), new double[4])
                .node("MatMul", "mm", List.of("x", "w"), List.of("y")).output("y", FLOAT, "N", 2).bytes();
        ModelProto.Builder model = parse(good).toBuilder();
        model.getGraphBuilder().setInitializer(0, model.getGraph().getInitializer(0).toBuilder().clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL));
        assertThat(refusal(model.build().toByteArray())).contains("initializer 'w' keeps its data in an external file");
    }

    @Test
    void integerWeights() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 2).init("w", INT64, dims(2, 2), new double[4])
                .node("MatMul", "mm", List.of("x", "w"), List.of("y")).output("y", FLOAT, "N", 2).bytes();
        assertThat(refusal(model)).contains("node 'mm' (MatMul): its weights 'w' are int64");
    }

    @Test
    void mixedPrecision() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 2)
                .init("w1", FLOAT, dims(2, 2), new double[4]).init("w2", DOUBLE, dims(2, 2), new double[4])
                .node("MatMul", "a", List.of("x", "w1"), List.of("h"))
                .node("Cast", "c", "h", "hd", i("to", DOUBLE))
                .node("MatMul", "b", List.of("hd", "w2"), List.of("y")).output("y", DOUBLE, "N", 2).bytes();
        assertThat(refusal(model)).contains("node 'b' (MatMul): its weights are float64 but earlier layers' are"
                + " float32");
    }

    @Test
    void reshapeThatMixesSamples() {
        byte[] model = around(13, m -> m.init("shape", INT64, dims(2), -1, 8)
                .node("Reshape", "mix", List.of("h", "shape"), List.of("r"))
                .init("w3", FLOAT, dims(8, 4), new double[32])
                .node("MatMul", "fc3", List.of("r", "w3"), List.of("a")));
        assertThat(refusal(model)).contains("node 'mix' (Reshape): reshapes (N, 4) to").contains("mixes");
    }

    @Test
    void flattenOfTheBatch() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 4)
                .node("Flatten", "flat", "x", "y", i("axis", 0)).output("y", FLOAT, 1, "M").bytes();
        assertThat(refusal(model)).contains("node 'flat' (Flatten): axis=0 flattens the batch dimension");
    }

    @Test
    void transposedInput() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, 4, "N").init("w", FLOAT, dims(4, 2), new double[8])
                .node("Gemm", "fc", List.of("x", "w"), List.of("y"), i("transA", 1)).output("y", FLOAT, "N", 2).bytes();
        assertThat(refusal(model)).contains("node 'fc' (Gemm): transA=1 transposes the layer input");
    }

    @Test
    void twoFloatOutputs() {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, "N", 2).init("w", FLOAT, dims(2, 2), new double[4])
                .node("MatMul", "mm", List.of("x", "w"), List.of("h")).node("Relu", "r", "h", "y")
                .output("h", FLOAT, "N", 2).output("y", FLOAT, "N", 2).bytes();
        assertThat(refusal(model)).contains("the graph has 2 float outputs ('h', 'y'); netc networks have one output");
    }

    @Test
    void integerInput() {
        byte[] model = new ModelBuilder(13).input("ids", INT64, "N", 2).init("w", FLOAT, dims(2, 2), new double[4])
                .node("Cast", "c", "ids", "x", i("to", FLOAT))
                .node("MatMul", "mm", List.of("x", "w"), List.of("y")).output("y", FLOAT, "N", 2).bytes();
        assertThat(refusal(model)).contains("the graph input 'ids' has element type int64");
    }

    @Test
    void malformedBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.onnx");
        Files.write(file, new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
        OnnxImportException e = catchThrowableOfType(OnnxImportException.class, () -> OnnxImporter.read(file));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("broken.onnx: not an ONNX model (the protobuf data is malformed");

        Files.writeString(file, "network Foo; dense 4 -> 4 relu;\n", StandardCharsets.UTF_8);
        e = catchThrowableOfType(OnnxImportException.class, () -> OnnxImporter.read(file));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("broken.onnx: not an ONNX model");

        Files.write(file, new byte[0]);
        e = catchThrowableOfType(OnnxImportException.class, () -> OnnxImporter.read(file));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("broken.onnx: not an ONNX model (no graph in 0 bytes)");
    }

    @Test
    void truncatedModel() {
        byte[] good = around(13, m -> m.node("Relu", "r", "h", "a"));
        for (int cut : new int[] {good.length / 3, good.length / 2, good.length - 3}) {
            byte[] truncated = Arrays.copyOf(good, cut);
            OnnxImportException e = catchThrowableOfType(OnnxImportException.class,
                    () -> OnnxImporter.read(truncated, "cut.onnx", null));
            assertThat(e).as("cut at %d", cut).isNotNull();
            assertThat(e.getMessage()).startsWith("cut.onnx: ");
        }
    }

    @Test
    void badNetworkName() {
        byte[] model = around(13, m -> m.node("Relu", "r", "h", "a"));
        assertThat(catchThrowableOfType(OnnxImportException.class,
                () -> OnnxImporter.read(model, "m.onnx", "class")).getMessage())
                .isEqualTo("m.onnx: 'class' cannot name a Java class; choose another network name");
    }

    private static ModelProto parse(byte[] bytes) {
        try {
            return ModelProto.parseFrom(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
