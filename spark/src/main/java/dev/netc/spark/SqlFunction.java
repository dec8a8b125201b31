package dev.netc.spark;

import dev.netc.runtime.DoubleNetwork;
import dev.netc.runtime.FloatNetwork;
import org.apache.spark.sql.api.java.UDF1;

/**
 * A network as a SQL function of one argument ({@code array<float>}, {@code array<double>} or a Vector),
 * scoring row by row; null in, null out. The Dataset API ({@link NetcSpark#predict}) scores in batches and is
 * the faster way for large tables.
 */
final class SqlFunction {
    private SqlFunction() {}

    static final class Float implements UDF1<Object, float[]> {
        private static final long serialVersionUID = 1L;
        private final NetworkRef network;
        private final Input argument;

        Float(NetworkRef network, Input argument) {
            this.network = network;
            this.argument = argument;
        }

        @Override
        public float[] call(Object value) {
            if (value == null) {
                return null;
            }
            FloatNetwork net = network.floatNetwork();
            float[] input = new float[net.inputSize()];
            argument.read(value, input, 0);
            return net.predict(input);
        }
    }

    static final class Double implements UDF1<Object, double[]> {
        private static final long serialVersionUID = 1L;
        private final NetworkRef network;
        private final Input argument;

        Double(NetworkRef network, Input argument) {
            this.network = network;
            this.argument = argument;
        }

        @Override
        public double[] call(Object value) {
            if (value == null) {
                return null;
            }
            DoubleNetwork net = network.doubleNetwork();
            double[] input = new double[net.inputSize()];
            argument.read(value, input, 0);
            return net.predict(input);
        }
    }
}
