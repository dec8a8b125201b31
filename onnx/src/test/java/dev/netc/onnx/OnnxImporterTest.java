package dev.netc.onnx;

import static dev.netc.onnx.ModelBuilder.DOUBLE;
import static dev.netc.onnx.ModelBuilder.FLOAT;
import static dev.netc.onnx.ModelBuilder.INT64;
import static dev.netc.onnx.ModelBuilder.dims;
import static dev.netc.onnx.ModelBuilder.f;
import static dev.netc.onnx.ModelBuilder.i;
import static dev.netc.onnx.ModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.dsl.CheckResult;
import dev.netc.dsl.NetFrontEnd;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models built the way PyTorch, tf2onnx (Keras) and skl2onnx write multilayer perceptrons import
 * as netc networks whose outputs match ONNX Runtime's on the original file.
 */
class OnnxImporterTest {
    private final Random random = new Random(42);

    private double[] values(int n, double scale) {
        return ModelBuilder.random(random, n, scale);
    }

    /**
     * Imports {@code model}, runs it in netc and the original in ONNX Runtime on {@code shape}
     * (whose rows, flattened, are netc's samples), and checks they agree.
     */
    static ImportedNetwork importAndCompare(byte[] model, String fileName, String input, long[] shape, String output)
            throws Exception {
        ImportedNetwork net = OnnxImporter.read(model, fileName, null);
        boolean doubles = net.architecture().precision() == Precision.DOUBLE;
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        double[] x = Nets.inputs(size, (int) size, 3);
        double[] ort = Ort.run(model, input, shape, x, doubles, output);
        double[] netc = Nets.interpret(net.weights(), x);
        double error = Nets.error(netc, ort);
        System.out.printf("import %-28s %-6s max error vs ONNX Runtime %.3g%n", fileName,
                net.architecture().precision(), error);
        assertThat(error).as(net.netSource()).isLessThanOrEqualTo(Nets.tolerance(net.architecture().precision()));
        return net;
    }

    // ---- PyTorch

    @Test
    void pytorchGemmWithTransBAfterFlatten() throws Exception {
        byte[] model = new ModelBuilder(17).producer("pytorch", "2.3.0")
                .input("input.1", FLOAT, "batch_size", 1, 4, 4)
                .init("fc1.weight", FLOAT, dims(8, 16), values(128, 0.5))
                .init("fc1.bias", FLOAT, dims(8), values(8, 0.5))
                .init("fc2.weight", FLOAT, dims(3, 8), values(24, 0.5))
                .init("fc2.bias", FLOAT, dims(3), values(3, 0.5))
                .node("Flatten", "/flatten/Flatten", "input.1", "/flatten/Flatten_output_0", i("axis", 1))
                .node("Gemm", "/fc1/Gemm", List.of("/flatten/Flatten_output_0", "fc1.weight", "fc1.bias"),
                        List.of("/fc1/Gemm_output_0"), f("alpha", 1), f("beta", 1), i("transB", 1))
                .node("Relu", "/relu/Relu", "/fc1/Gemm_output_0", "/relu/Relu_output_0")
                .node("Gemm", "/fc2/Gemm", List.of("/relu/Relu_output_0", "fc2.weight", "fc2.bias"),
                        List.of("logits"), f("alpha", 0.5), f("beta", 2), i("transB", 1))
                .output("logits", FLOAT, "batch_size", 3)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "mnist_tiny.onnx", "input.1", dims(5, 1, 4, 4), "logits");
        assertThat(net.name()).isEqualTo("MnistTiny");
        assertThat(net.netSource())
                .contains("network MnistTiny;", "input 16;", "precision float;", "weights \"mnist_tiny.npz\";")
                .contains("dense 16 -> 8 relu name=fc1;", "dense 8 -> 3 name=fc2;")
                .contains("flattened (in C order) to 16 values");
        assertThat(net.arrays()).extracting(NpyArray::name)
                .containsExactly("fc1.weights", "fc1.biases", "fc2.weights", "fc2.biases");
        assertThat(net.arrays().get(0).shape()).containsExactly(16, 8);
    }

    @Test
    void pytorchLinearOnThreeDimensionalInputWithDecomposedGelu() throws Exception {
        // nn.Linear on (batch, seq, features) exports as MatMul with a transposed copy of the weight
        // and Add(bias, product); nn.GELU at opset 17 exports as its formula.
        byte[] model = new ModelBuilder(17).producer("pytorch", "2.1.0")
                .input("x", FLOAT, "batch", 5, 6)
                .init("onnx::MatMul_21", FLOAT, dims(6, 7), values(42, 0.6))
                .init("encoder.proj.bias", FLOAT, dims(7), values(7, 0.3))
                .init("onnx::MatMul_22", FLOAT, dims(7, 4), values(28, 0.6))
                .init("head.bias", FLOAT, dims(4), values(4, 0.3))
                .init("/act/Constant_output_0", FLOAT, dims(), 1.4142135381698608)
                .init("/act/Constant_1_output_0", FLOAT, dims(), 1.0)
                .init("/act/Constant_2_output_0", FLOAT, dims(), 0.5)
                .node("MatMul", "/encoder/proj/MatMul", List.of("x", "onnx::MatMul_21"), List.of("mm1"))
                .node("Add", "/encoder/proj/Add", List.of("encoder.proj.bias", "mm1"), List.of("h"))
                .node("Div", "/act/Div", List.of("h", "/act/Constant_output_0"), List.of("d"))
                .node("Erf", "/act/Erf", "d", "e")
                .node("Add", "/act/Add", List.of("e", "/act/Constant_1_output_0"), List.of("a"))
                .node("Mul", "/act/Mul", List.of("h", "a"), List.of("m"))
                .node("Mul", "/act/Mul_1", List.of("m", "/act/Constant_2_output_0"), List.of("g"))
                .node("MatMul", "/head/MatMul", List.of("g", "onnx::MatMul_22"), List.of("mm2"))
                .node("Add", "/head/Add", List.of("head.bias", "mm2"), List.of("z"))
                .node("Softmax", "/softmax/Softmax", "z", "probs", i("axis", -1))
                .output("probs", FLOAT, "batch", 5, 4)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "seq.onnx", "x", dims(3, 5, 6), "probs");
        assertThat(net.netSource()).contains("input 6;", "dense 6 -> 7 gelu name=proj;", "dense 7 -> 4 softmax name=head;");
    }

    /** Keras' TimeDistributed(Dense): Reshapes that regroup rows and keep the last axis, there and back. */
    @Test
    void reshapesThatKeepTheLastAxisRegroupRows() throws Exception {
        byte[] model = new ModelBuilder(13).producer("tf2onnx", "1.16.1")
                .input("x", FLOAT, "N", 2, 3)
                .init("rows", INT64, dims(2), -1, 3)
                .init("back", INT64, dims(3), -1, 2, 4)
                .init("W", FLOAT, dims(3, 4), values(12, 0.7))
                .node("Reshape", "td/Reshape", List.of("x", "rows"), List.of("r"))
                .node("MatMul", "td/dense/MatMul", List.of("r", "W"), List.of("h"))
                .node("Reshape", "td/Reshape_1", List.of("h", "back"), List.of("y"))
                .output("y", FLOAT, "N", 2, 4)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "time_distributed.onnx", "x", dims(5, 2, 3), "y");
        assertThat(net.netSource()).contains("input 3;", "dense 3 -> 4 name=dense bias=false;");
    }

    /** x.view(x.size(0), -1) on rows regrouped from (N, 2, 3): the batch size is then N*2. */
    @Test
    void pytorchViewAfterRowsWereRegrouped() throws Exception {
        byte[] model = new ModelBuilder(13).producer("pytorch", "2.3.0")
                .input("x", FLOAT, "N", 2, 3)
                .init("W", FLOAT, dims(3, 4), values(12, 0.7))
                .node("Flatten", "/Flatten", "x", "rows", i("axis", 2))
                .node("MatMul", "/fc/MatMul", List.of("rows", "W"), List.of("h"))
                .pytorchView("h", "y")
                .output("y", FLOAT, "M", 4)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "regrouped_view.onnx", "x", dims(5, 2, 3), "y");
        assertThat(net.netSource()).contains("input 3;", "dense 3 -> 4 name=fc bias=false;");
    }

    /** Flatten(axis=1) of a rank-1 input makes each value a row, as it does after the last axis of any input. */
    @Test
    void flattenAfterTheLastAxisMakesEachValueARow() throws Exception {
        byte[] model = new ModelBuilder(13).input("x", FLOAT, 4).init("W", FLOAT, dims(1, 3), 0.5, -1.5, 2.0)
                .node("Flatten", "flat", "x", "rows", i("axis", 1))
                .node("MatMul", "mm", List.of("rows", "W"), List.of("y"))
                .output("y", FLOAT, 4, 3)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "rank1.onnx", "x", dims(4), "y");
        assertThat(net.netSource()).contains("input 1;", "dense 1 -> 3 name=mm bias=false;");
        assertThat(net.notes()).containsExactly("the graph input 'x' has shape (4,); its Flatten makes each value a row"
                + " of its own, so netc takes samples of 1 value");
    }

    @Test
    void pytorchViewWithShapeArithmetic() throws Exception {
        // x.view(x.size(0), -1) with a dynamic batch: Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
        byte[] model = new ModelBuilder(13).producer("pytorch", "1.13.1")
                .input("input", FLOAT, "N", 2, 3)
                .init("fc.weight", FLOAT, dims(2, 6), values(12, 0.6))
                .init("fc.bias", FLOAT, dims(2), values(2, 0.3))
                .pytorchView("input", "flat")
                .node("Gemm", "/fc/Gemm", List.of("flat", "fc.weight", "fc.bias"), List.of("out"), i("transB", 1))
                .node("Sigmoid", "/Sigmoid", "out", "output")
                .output("output", FLOAT, "N", 2)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "view.onnx", "input", dims(4, 2, 3), "output");
        assertThat(net.netSource()).contains("input 6;", "dense 6 -> 2 sigmoid name=fc;");
    }

    @Test
    void pytorchDynamoStyleTransposedWeightsAndConstantNodes() throws Exception {
        // torch.onnx.export(..., dynamo=True): weights (OUT, IN) transposed by a Transpose node,
        // constants as Constant nodes, generated node names.
        byte[] model = new ModelBuilder(18).producer("pytorch", "2.5.0")
                .input("x", FLOAT, "s0", 3)
                .init("fc1.weight", FLOAT, dims(5, 3), values(15, 0.8))
                .init("fc1.bias", FLOAT, dims(5), values(5, 0.3))
                .node("Transpose", "node_Transpose_0", List.of("fc1.weight"), List.of("t"), ints("perm", 1, 0))
                .node("MatMul", "node_MatMul_1", List.of("x", "t"), List.of("mm"))
                .node("Add", "node_Add_2", List.of("mm", "fc1.bias"), List.of("lin"))
                .node("Constant", "node_Constant_3", List.of(), List.of("zero"),
                        ModelBuilder.t("value", ModelBuilder.tensor("", FLOAT, dims(), new double[] {0}, false)))
                .node("Constant", "node_Constant_4", List.of(), List.of("six"), f("value_float", 6))
                .node("Clip", "node_Clip_5", List.of("lin", "zero", "six"), List.of("relu6"))
                .output("relu6", FLOAT, "s0", 5)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "dynamo.onnx", "x", dims(6, 3), "relu6");
        assertThat(net.netSource()).contains("dense 3 -> 5 relu6 name=fc1;");
    }

    // ---- Keras through tf2onnx

    @Test
    void kerasMatMulAddWithIdentityAndReshape() throws Exception {
        byte[] model = new ModelBuilder(13).producer("tf2onnx", "1.16.1 15c810")
                .input("flatten_input", FLOAT, "unk__12", 2, 3)
                .init("new_shape__8", INT64, dims(2), -1, 6)
                .init("sequential/dense/MatMul/ReadVariableOp:0", FLOAT, dims(6, 10), values(60, 0.5))
                .init("sequential/dense/BiasAdd/ReadVariableOp:0", FLOAT, dims(10), values(10, 0.5))
                .init("sequential/dense_1/MatMul/ReadVariableOp:0", FLOAT, dims(10, 3), values(30, 0.5))
                .init("sequential/dense_1/BiasAdd/ReadVariableOp:0", FLOAT, dims(3), values(3, 0.5))
                .node("Reshape", "sequential/flatten/Reshape", List.of("flatten_input", "new_shape__8"),
                        List.of("sequential/flatten/Reshape:0"))
                .node("MatMul", "sequential/dense/MatMul", List.of("sequential/flatten/Reshape:0",
                        "sequential/dense/MatMul/ReadVariableOp:0"), List.of("sequential/dense/MatMul:0"))
                .node("Add", "sequential/dense/BiasAdd", List.of("sequential/dense/MatMul:0",
                        "sequential/dense/BiasAdd/ReadVariableOp:0"), List.of("sequential/dense/BiasAdd:0"))
                .node("Elu", "sequential/dense/Elu", "sequential/dense/BiasAdd:0", "sequential/dense/Elu:0")
                .node("MatMul", "sequential/dense_1/MatMul", List.of("sequential/dense/Elu:0",
                        "sequential/dense_1/MatMul/ReadVariableOp:0"), List.of("sequential/dense_1/MatMul:0"))
                .node("Add", "sequential/dense_1/BiasAdd", List.of("sequential/dense_1/MatMul:0",
                        "sequential/dense_1/BiasAdd/ReadVariableOp:0"), List.of("sequential/dense_1/BiasAdd:0"))
                .node("Softmax", "sequential/dense_1/Softmax", "sequential/dense_1/BiasAdd:0",
                        "sequential/dense_1/Softmax:0", i("axis", 1))
                .node("Identity", "Identity", "sequential/dense_1/Softmax:0", "dense_1")
                .output("dense_1", FLOAT, "unk__13", 3)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "keras_mlp.onnx", "flatten_input", dims(7, 2, 3), "dense_1");
        assertThat(net.netSource()).contains("input 6;", "dense 6 -> 10 elu(1) name=dense;",
                "dense 10 -> 3 softmax name=dense_1;");
    }

    @Test
    void kerasNormalizationAndBatchNormalizationAreFoldedIntoDenseLayers() throws Exception {
        // Normalization before the first Dense ((x - mean) / sqrt(var)), BatchNormalization after it.
        byte[] model = new ModelBuilder(13).producer("tf2onnx", "1.16.1")
                .input("input_1", FLOAT, "unk__5", 4)
                .init("mean", FLOAT, dims(1, 4), values(4, 2))
                .init("std", FLOAT, dims(1, 4), 0.5, 1.5, 2.0, 3.0)
                .init("w1", FLOAT, dims(4, 5), values(20, 0.7))
                .init("b1", FLOAT, dims(5), values(5, 0.3))
                .init("gamma", FLOAT, dims(5), 1.0, 0.5, 2.0, 1.5, 0.8)
                .init("beta", FLOAT, dims(5), values(5, 0.5))
                .init("moving_mean", FLOAT, dims(5), values(5, 0.5))
                .init("moving_var", FLOAT, dims(5), 0.5, 1.0, 1.5, 2.0, 2.5)
                .init("w2", FLOAT, dims(5, 2), values(10, 0.7))
                .node("Sub", "model/normalization/sub", List.of("input_1", "mean"), List.of("centered"))
                .node("Div", "model/normalization/truediv", List.of("centered", "std"), List.of("normalized"))
                .node("MatMul", "model/hidden/MatMul", List.of("normalized", "w1"), List.of("h"))
                .node("Add", "model/hidden/BiasAdd", List.of("h", "b1"), List.of("hb"))
                .node("BatchNormalization", "model/batch_normalization/FusedBatchNormV3",
                        List.of("hb", "gamma", "beta", "moving_mean", "moving_var"), List.of("bn"),
                        f("epsilon", 0.001))
                .node("Relu", "model/hidden/Relu", "bn", "r")
                .node("MatMul", "model/out/MatMul", List.of("r", "w2"), List.of("output_1"))
                .output("output_1", FLOAT, "unk__6", 2)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "normalized.onnx", "input_1", dims(9, 4), "output_1");
        assertThat(net.netSource()).contains("dense 4 -> 5 relu name=hidden;", "dense 5 -> 2 name=out bias=false;");
    }

    // ---- scikit-learn through skl2onnx

    /** MLPClassifier: Cast, MatMul/Add per layer, Softmax, then ArgMax -> label and ZipMap -> probabilities. */
    @Test
    void sklearnMultiClassClassifierWithZipMap() throws Exception {
        byte[] model = new ModelBuilder(15).mlDomain().producer("skl2onnx", "1.16.0")
                .input("input", FLOAT, "N", 4)
                .init("coefficient", FLOAT, dims(4, 6), values(24, 0.8))
                .init("intercepts", FLOAT, dims(1, 6), values(6, 0.5))
                .init("coefficient1", FLOAT, dims(6, 3), values(18, 0.8))
                .init("intercepts1", FLOAT, dims(1, 3), values(3, 0.5))
                .init("classes", INT64, dims(3), 0, 1, 2)
                .init("shape_tensor", INT64, dims(1), -1)
                .node("Cast", "Cast", "input", "cast_input", i("to", FLOAT))
                .node("MatMul", "MatMul", List.of("cast_input", "coefficient"), List.of("mul_result"))
                .node("Add", "Add", List.of("mul_result", "intercepts"), List.of("add_result"))
                .node("Relu", "Relu", "add_result", "next_activations")
                .node("MatMul", "MatMul1", List.of("next_activations", "coefficient1"), List.of("mul_result1"))
                .node("Add", "Add1", List.of("mul_result1", "intercepts1"), List.of("add_result1"))
                .node("Softmax", "Softmax", "add_result1", "out_activations_result", i("axis", 1))
                .node("Identity", "Identity", "out_activations_result", "probabilities")
                .node("ArgMax", "ArgMax", "probabilities", "argmax_output", i("axis", 1))
                .mlNode("ArrayFeatureExtractor", "ArrayFeatureExtractor", List.of("classes", "argmax_output"),
                        List.of("array_feature_extractor_result"))
                .node("Reshape", "Reshape", List.of("array_feature_extractor_result", "shape_tensor"),
                        List.of("reshaped_result"))
                .node("Cast", "Cast1", "reshaped_result", "output_label", i("to", INT64))
                .mlNode("ZipMap", "ZipMap", List.of("probabilities"), List.of("output_probability"),
                        ints("classlabels_int64s", 0, 1, 2))
                .output("output_label", INT64, "N")
                .rawOutput(dev.netc.onnx.proto.Onnx.ValueInfoProto.newBuilder().setName("output_probability").build())
                .bytes();
        ImportedNetwork net = importAndCompare(model, "iris_mlp.onnx", "input", dims(6, 4), "output_probability");
        assertThat(net.netSource()).contains("dense 4 -> 6 relu name=dense_0;", "dense 6 -> 3 softmax name=dense_1;")
                .contains("output 'output_label' (int64 tensor) is left out");
    }

    /** A binary MLPClassifier ends in Sigmoid, then Concat([1 - p, p]); zipmap=False keeps probabilities a tensor. */
    @Test
    void sklearnBinaryClassifier() throws Exception {
        byte[] model = new ModelBuilder(15).mlDomain().producer("skl2onnx", "1.16.0")
                .input("X", FLOAT, "N", 3)
                .init("coefficient", FLOAT, dims(3, 5), values(15, 0.8))
                .init("intercepts", FLOAT, dims(1, 5), values(5, 0.5))
                .init("coefficient1", FLOAT, dims(5, 1), values(5, 0.8))
                .init("intercepts1", FLOAT, dims(1, 1), values(1, 0.5))
                .init("unity", FLOAT, dims(), 1)
                .init("classes", INT64, dims(2), 0, 1)
                .node("Cast", "Cast", "X", "cast_input", i("to", FLOAT))
                .node("MatMul", "MatMul", List.of("cast_input", "coefficient"), List.of("mul_result"))
                .node("Add", "Add", List.of("mul_result", "intercepts"), List.of("add_result"))
                .node("Tanh", "Tanh", "add_result", "next_activations")
                .node("MatMul", "MatMul1", List.of("next_activations", "coefficient1"), List.of("mul_result1"))
                .node("Add", "Add1", List.of("mul_result1", "intercepts1"), List.of("add_result1"))
                .node("Sigmoid", "Sigmoid", "add_result1", "out_activations_result")
                .node("Sub", "Sub", List.of("unity", "out_activations_result"), List.of("negative_class_proba"))
                .node("Concat", "Concat", List.of("negative_class_proba", "out_activations_result"),
                        List.of("probabilities"), i("axis", 1))
                .node("ArgMax", "ArgMax", "probabilities", "argmax_output", i("axis", 1))
                .mlNode("ArrayFeatureExtractor", "ArrayFeatureExtractor", List.of("classes", "argmax_output"),
                        List.of("label"))
                .output("label", INT64, "d0", "d1")
                .output("probabilities", FLOAT, "N", 2)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "binary.onnx", "X", dims(8, 3), "probabilities");
        assertThat(net.netSource()).contains("dense 3 -> 5 tanh name=dense_0;", "dense 5 -> 2 softmax name=dense_1;");
    }

    /** MLPRegressor on float64 input, initializers in typed fields (double_data), output reshaped to (-1, 1). */
    @Test
    void sklearnDoubleRegressorWithTypedFields() throws Exception {
        byte[] model = new ModelBuilder(15).typedFields().producer("skl2onnx", "1.16.0")
                .input("input", DOUBLE, "N", 3)
                .init("coefficient", DOUBLE, dims(3, 4), values(12, 0.8))
                .init("intercepts", DOUBLE, dims(1, 4), values(4, 0.5))
                .init("coefficient1", DOUBLE, dims(4, 1), values(4, 0.8))
                .init("intercepts1", DOUBLE, dims(1, 1), values(1, 0.5))
                .init("shape_tensor", INT64, dims(2), -1, 1)
                .node("Cast", "Cast", "input", "cast_input", i("to", DOUBLE))
                .node("MatMul", "MatMul", List.of("cast_input", "coefficient"), List.of("mul_result"))
                .node("Add", "Add", List.of("mul_result", "intercepts"), List.of("add_result"))
                .node("Relu", "Relu", "add_result", "next_activations")
                .node("MatMul", "MatMul1", List.of("next_activations", "coefficient1"), List.of("mul_result1"))
                .node("Add", "Add1", List.of("mul_result1", "intercepts1"), List.of("add_result1"))
                .node("Identity", "Identity", "add_result1", "out_activations_result")
                .node("Reshape", "Reshape", List.of("out_activations_result", "shape_tensor"), List.of("variable"))
                .output("variable", DOUBLE, "N", 1)
                .bytes();
        ImportedNetwork net = importAndCompare(model, "regressor.onnx", "input", dims(5, 3), "variable");
        assertThat(net.architecture().precision()).isEqualTo(Precision.DOUBLE);
        assertThat(net.netSource()).contains("precision double;", "dense 3 -> 4 relu name=dense_0;",
                "dense 4 -> 1 name=dense_1;");
        assertThat(net.arrays()).allSatisfy(a -> assertThat(a.dtype().descr()).isEqualTo("<f8"));
    }

    @Test
    void rawDataAndTypedFieldsGiveTheSameWeights() throws Exception {
        double[] w = values(12, 1);
        double[] b = values(4, 1);
        byte[][] models = new byte[2][];
        for (int k = 0; k < 2; k++) {
            ModelBuilder m = new ModelBuilder(13);
            if (k == 1) {
                m.typedFields();
            }
            models[k] = m.input("x", FLOAT, "N", 3).init("w", FLOAT, dims(3, 4), w).init("b", FLOAT, dims(4), b)
                    .node("Gemm", "fc", List.of("x", "w", "b"), List.of("y")).output("y", FLOAT, "N", 4).bytes();
        }
        ImportedNetwork raw = importAndCompare(models[0], "raw.onnx", "x", dims(3, 3), "y");
        ImportedNetwork typed = importAndCompare(models[1], "typed.onnx", "x", dims(3, 3), "y");
        assertThat(typed.arrays()).isEqualTo(raw.arrays());
    }

    // ---- files

    @Test
    void writesNetAndNpzThatTheFrontEndAccepts(@TempDir Path dir) throws Exception {
        byte[] model = new ModelBuilder(13)
                .input("x", FLOAT, "N", 3).init("w", FLOAT, dims(3, 4), values(12, 1)).init("b", FLOAT, dims(4), values(4, 1))
                .node("Gemm", "hidden", List.of("x", "w", "b"), List.of("h"))
                .node("LeakyRelu", "act", "h", "y", f("alpha", 0.2))
                .output("y", FLOAT, "N", 4).bytes();
        Path onnx = dir.resolve("tiny_net.onnx");
        Files.write(onnx, model);
        ImportedNetwork net = OnnxImporter.read(onnx);
        Path out = dir.resolve("out");
        Path netFile = net.writeTo(out);
        assertThat(netFile).isEqualTo(out.resolve("tiny_net.net"));
        assertThat(out.resolve("tiny_net.npz")).isRegularFile();
        assertThat(Files.readString(netFile)).isEqualTo(net.netSource()).contains("network TinyNet;",
                "dense 3 -> 4 leaky_relu(0.2) name=hidden;");
        CheckResult check = NetFrontEnd.check(netFile);
        assertThat(check.ok()).as(check.report()).isTrue();
        assertThat(check.network().orElseThrow().architecture()).isEqualTo(net.architecture());
        Weights weights = Weights.read(net.architecture(), out.resolve("tiny_net.npz"));
        assertThat(weights.floats("hidden.weights")).containsExactly(net.weights().floats("hidden.weights"));
        assertThat(OnnxImporter.read(onnx, "Custom").netSource()).contains("network Custom;");
        // A second import of the same model writes nothing and says so.
        assertThat(net.write(out)).isEqualTo(new ImportedNetwork.Written(netFile, false));
        Files.writeString(netFile, "// edited\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(net.write(out).changed()).isTrue();
    }

    @Test
    void classNamesFromFileNames() {
        assertThat(OnnxImporter.className("iris_mlp")).isEqualTo("IrisMlp");
        assertThat(OnnxImporter.className("my-model.v2")).isEqualTo("MyModelV2");
        assertThat(OnnxImporter.className("2layer")).isEqualTo("Net2layer");
        assertThat(OnnxImporter.className("IRIS_MLP")).isEqualTo("IrisMlp");
        assertThat(OnnxImporter.stem("dir/Model.ONNX")).isEqualTo("Model");
    }

    @Test
    void layerNamesComeFromExporterNames() {
        assertThat(LayerNames.fromHint("/fc1/Gemm")).isEqualTo("fc1");
        assertThat(LayerNames.fromHint("fc1.weight")).isEqualTo("fc1");
        assertThat(LayerNames.fromHint("/layers/layers.0/Gemm")).isEqualTo("layers_0");
        assertThat(LayerNames.fromHint("sequential/dense_1/MatMul")).isEqualTo("dense_1");
        assertThat(LayerNames.fromHint("sequential/dense/MatMul/ReadVariableOp:0")).isEqualTo("dense");
        assertThat(LayerNames.fromHint("onnx::MatMul_17")).isNull();
        assertThat(LayerNames.fromHint("MatMul1")).isNull();
        assertThat(LayerNames.fromHint("/0/Gemm")).isNull();
        assertThat(LayerNames.assign(List.of(List.of("/fc/Gemm"), List.of("/fc/Gemm"), List.of(""))))
                .containsExactly("fc", "dense_1", "dense_2");
    }
}
