package dev.netc.spark;

import dev.netc.runtime.DoubleNetwork;
import dev.netc.runtime.FloatNetwork;
import dev.netc.runtime.Precision;
import dev.netc.runtime.train.Accuracy;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition on an executor: takes this JVM's network, then reads up to {@code batchSize} rows at a
 * time into one flat input buffer, runs {@code predictBatch} over it and hands the rows on with their outputs
 * appended. The buffers are made once per partition and reused for every batch.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final NetworkRef network;
    private final Input input;
    private final int batchSize;
    private final boolean prediction;

    ScorePartition(NetworkRef network, Input input, ScoringOptions options) {
        this.network = network;
        this.input = input;
        this.batchSize = options.batchSize();
        this.prediction = options.predictionCol().isPresent();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows; // an empty partition makes no network and no buffers
        }
        return network.precision() == Precision.DOUBLE ? new DoubleBatches(network.doubleNetwork(), rows)
                : new FloatBatches(network.floatNetwork(), rows);
    }

    /** The rows of one batch and, for each, its place in the input buffer (-1 for a null input). */
    private abstract class Batches implements Iterator<Row> {
        /** The network's widths, asked once per partition. */
        final int inputSize;
        final int outputSize;
        private final Iterator<Row> rows;
        private final Row[] batch = new Row[batchSize];
        private final int[] slots = new int[batchSize];
        private int size;
        private int next;

        Batches(Iterator<Row> rows, int inputSize, int outputSize) {
            this.rows = rows;
            this.inputSize = inputSize;
            this.outputSize = outputSize;
        }

        @Override
        public boolean hasNext() {
            if (next < size) {
                return true;
            }
            fill();
            return size > 0;
        }

        private void fill() {
            size = 0;
            next = 0;
            int present = 0;
            while (size < batchSize && rows.hasNext()) {
                Row row = rows.next();
                batch[size] = row;
                if (input.isNull(row)) {
                    slots[size] = -1;
                } else {
                    read(row, present);
                    slots[size] = present++;
                }
                size++;
            }
            if (present > 0) {
                predict(present);
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = batch[next];
            int slot = slots[next];
            batch[next++] = null;
            int width = row.length();
            Object[] values = new Object[width + (prediction ? 2 : 1)];
            for (int i = 0; i < width; i++) {
                values[i] = row.get(i);
            }
            if (slot >= 0) {
                values[width] = output(slot);
                if (prediction) {
                    values[width + 1] = (double) argMax(slot);
                }
            }
            return RowFactory.create(values);
        }

        abstract void read(Row row, int slot);

        abstract void predict(int rows);

        abstract Object output(int slot);

        abstract int argMax(int slot);
    }

    private final class FloatBatches extends Batches {
        private final FloatNetwork network;
        private final float[] inputs = new float[batchSize * inputSize];
        private final float[] outputs = new float[batchSize * outputSize];

        FloatBatches(FloatNetwork network, Iterator<Row> rows) {
            super(rows, network.inputSize(), network.outputSize());
            this.network = network;
        }

        @Override
        void read(Row row, int slot) {
            input.read(row, inputs, slot * inputSize);
        }

        @Override
        void predict(int rows) {
            network.predictBatch(inputs, rows, outputs);
        }

        @Override
        Object output(int slot) {
            return Arrays.copyOfRange(outputs, slot * outputSize, (slot + 1) * outputSize);
        }

        @Override
        int argMax(int slot) {
            return Accuracy.argMax(outputs, slot * outputSize, outputSize);
        }
    }

    private final class DoubleBatches extends Batches {
        private final DoubleNetwork network;
        private final double[] inputs = new double[batchSize * inputSize];
        private final double[] outputs = new double[batchSize * outputSize];

        DoubleBatches(DoubleNetwork network, Iterator<Row> rows) {
            super(rows, network.inputSize(), network.outputSize());
            this.network = network;
        }

        @Override
        void read(Row row, int slot) {
            input.read(row, inputs, slot * inputSize);
        }

        @Override
        void predict(int rows) {
            network.predictBatch(inputs, rows, outputs);
        }

        @Override
        Object output(int slot) {
            return Arrays.copyOfRange(outputs, slot * outputSize, (slot + 1) * outputSize);
        }

        @Override
        int argMax(int slot) {
            return Accuracy.argMax(outputs, slot * outputSize, outputSize);
        }
    }
}
