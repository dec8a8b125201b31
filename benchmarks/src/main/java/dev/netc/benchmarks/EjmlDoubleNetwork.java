package dev.netc.benchmarks;

import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Weights;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** {@link EjmlNetwork} in double precision, with {@code CommonOps_DDRM.mult}. */
final class EjmlDoubleNetwork {
    private final DMatrixRMaj[] weights;
    private final double[][] biases;
    private final DMatrixRMaj input;
    private final DMatrixRMaj[] outputs;

    EjmlDoubleNetwork(Weights parameters, int batch) {
        List<DenseLayer> layers = parameters.architecture().denseLayers();
        weights = new DMatrixRMaj[layers.size()];
        biases = new double[layers.size()][];
        outputs = new DMatrixRMaj[layers.size()];
        for (int k = 0; k < layers.size(); k++) {
            DenseLayer layer = layers.get(k);
            weights[k] = new DMatrixRMaj(layer.inputSize(), layer.outputSize(), true,
                    parameters.doubles(layer.weightsKey()));
            biases[k] = parameters.doubles(layer.biasesKey());
            outputs[k] = new DMatrixRMaj(batch, layer.outputSize());
        }
        input = new DMatrixRMaj(batch, layers.get(0).inputSize());
    }

    DMatrixRMaj predict(double[][] batch) {
        int width = input.numCols;
        for (int r = 0; r < batch.length; r++) {
            System.arraycopy(batch[r], 0, input.data, r * width, width);
        }
        DMatrixRMaj x = input;
        for (int k = 0; k < weights.length; k++) {
            DMatrixRMaj y = outputs[k];
            CommonOps_DDRM.mult(x, weights[k], y);
            double[] data = y.data;
            double[] b = biases[k];
            int columns = y.numCols;
            for (int r = 0; r < y.numRows; r++) {
                int row = r * columns;
                for (int j = 0; j < columns; j++) {
                    data[row + j] += b[j];
                }
                if (k < weights.length - 1) {
                    for (int j = 0; j < columns; j++) {
                        data[row + j] = Math.max(0d, data[row + j]);
                    }
                } else {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < columns; j++) {
                        max = Math.max(max, data[row + j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < columns; j++) {
                        data[row + j] = Math.exp(data[row + j] - max);
                        sum += data[row + j];
                    }
                    for (int j = 0; j < columns; j++) {
                        data[row + j] /= sum;
                    }
                }
            }
            x = y;
        }
        return x;
    }
}
