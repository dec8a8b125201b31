package dev.netc.benchmarks;

import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Weights;
import java.util.List;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The forward pass with EJML, a well-kept Java linear-algebra library: {@code CommonOps_FDRM.mult}
 * into matrices allocated once, then bias, ReLU and softmax over their data arrays.
 */
final class EjmlNetwork {
    private final FMatrixRMaj[] weights;
    private final float[][] biases;
    private final FMatrixRMaj input;
    private final FMatrixRMaj[] outputs;

    EjmlNetwork(Weights parameters, int batch) {
        List<DenseLayer> layers = parameters.architecture().denseLayers();
        weights = new FMatrixRMaj[layers.size()];
        biases = new float[layers.size()][];
        outputs = new FMatrixRMaj[layers.size()];
        for (int k = 0; k < layers.size(); k++) {
            DenseLayer layer = layers.get(k);
            weights[k] = new FMatrixRMaj(layer.inputSize(), layer.outputSize(), true,
                    parameters.floats(layer.weightsKey()));
            biases[k] = parameters.floats(layer.biasesKey());
            outputs[k] = new FMatrixRMaj(batch, layer.outputSize());
        }
        input = new FMatrixRMaj(batch, layers.get(0).inputSize());
    }

    /** Copies the batch into the input matrix, then runs every layer; returns the last output matrix. */
    FMatrixRMaj predict(float[][] batch) {
        int width = input.numCols;
        for (int r = 0; r < batch.length; r++) {
            System.arraycopy(batch[r], 0, input.data, r * width, width);
        }
        FMatrixRMaj x = input;
        for (int k = 0; k < weights.length; k++) {
            FMatrixRMaj y = outputs[k];
            CommonOps_FDRM.mult(x, weights[k], y);
            float[] data = y.data;
            float[] b = biases[k];
            int columns = y.numCols;
            for (int r = 0; r < y.numRows; r++) {
                int row = r * columns;
                for (int j = 0; j < columns; j++) {
                    data[row + j] += b[j];
                }
                if (k < weights.length - 1) {
                    for (int j = 0; j < columns; j++) {
                        data[row + j] = Math.max(0f, data[row + j]);
                    }
                } else {
                    softmax(data, row, columns);
                }
            }
            x = y;
        }
        return x;
    }

    private static void softmax(float[] data, int offset, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = offset; j < offset + length; j++) {
            max = Math.max(max, data[j]);
        }
        float sum = 0;
        for (int j = offset; j < offset + length; j++) {
            data[j] = (float) Math.exp(data[j] - max);
            sum += data[j];
        }
        for (int j = offset; j < offset + length; j++) {
            data[j] /= sum;
        }
    }
}
