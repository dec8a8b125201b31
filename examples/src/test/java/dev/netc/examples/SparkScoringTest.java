package dev.netc.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.spark.NetcSpark;
import dev.netc.spark.ScoringOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Generated classes, as a user has them, scored on {@code local[2]}: the same outputs as their {@code predict}. */
class SparkScoringTest {
    /** The benchmark's MLlib model holds the weights of its netc network: the same probabilities. */
    @Test
    void benchmarkGivesMllibTheNetworksWeights() {
        MultilayerPerceptronClassificationModel mllib = SparkBenchmark.mllibModel();
        MnistMlp netc = SparkBenchmark.network();
        Random random = new Random(3);
        for (int r = 0; r < 5; r++) {
            float[] image = new float[784];
            double[] same = new double[784];
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat();
                same[i] = image[i];
            }
            float[] expected = netc.predict(image);
            double[] actual = mllib.predictProbability(Vectors.dense(same)).toArray();
            assertThat(actual).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("image %d, class %d", r, i).isCloseTo(expected[i], within(1e-6));
            }
        }
    }

    @Test
    void generatedClassesOnSpark() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("netc examples on Spark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            // The trained spiral classifier (precision double) on the spiral points of SpiralDemo.
            List<Row> points = new ArrayList<>();
            for (int i = 0; i < SpiralDemo.POINTS.length; i++) {
                double[] p = SpiralDemo.POINTS[i];
                points.add(RowFactory.create(i, p[0], p[1], (int) p[2]));
            }
            StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
                    .add("y", DataTypes.DoubleType).add("spiral", DataTypes.IntegerType);
            List<Row> scored = NetcSpark.predictDouble(spark.createDataFrame(points, schema).repartition(4),
                    SpiralClassifier::pretrained, List.of("x", "y"), "p",
                    ScoringOptions.defaults().withPredictionCol("prediction")).orderBy("id").collectAsList();
            SpiralClassifier spiral = SpiralClassifier.pretrained();
            assertThat(scored).hasSize(points.size());
            for (Row row : scored) {
                double[] expected = spiral.predict(new double[] {row.getDouble(1), row.getDouble(2)});
                List<Double> actual = row.getList(4);
                assertThat(actual.stream().mapToDouble(Double::doubleValue).toArray()).containsExactly(expected);
                assertThat(row.getDouble(5)).isEqualTo(SpiralDemo.argmax(expected));
            }

            // The float MNIST-sized network on Vectors, in batches of 5 over 3 partitions.
            List<Row> images = new ArrayList<>();
            float[][] inputs = new float[23][784];
            for (int r = 0; r < inputs.length; r++) {
                double[] v = new double[784];
                for (int i = 0; i < 784; i++) {
                    v[i] = ((r * 31 + i * 7) % 17) / 16.0;
                    inputs[r][i] = (float) v[i];
                }
                images.add(RowFactory.create(r, Vectors.dense(v)));
            }
            StructType imageSchema = new StructType().add("id", DataTypes.IntegerType)
                    .add("features", SQLDataTypes.VectorType());
            List<Row> digits = NetcSpark.predict(spark.createDataFrame(images, imageSchema).repartition(3),
                    SparkBenchmark::network, "features", "p", ScoringOptions.defaults().withBatchSize(5))
                    .orderBy("id").collectAsList();
            MnistMlp mnist = SparkBenchmark.network();
            assertThat(digits).hasSize(inputs.length);
            for (Row row : digits) {
                float[] expected = mnist.predict(inputs[row.getInt(0)]);
                List<Float> actual = row.getList(2);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual.get(i)).as("row %d, output %d", row.getInt(0), i).isEqualTo(expected[i]);
                }
            }
        } finally {
            spark.stop();
        }
    }
}
