package dev.netc.examples;

import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Weights;
import dev.netc.spark.NetcSpark;
import dev.netc.spark.ScoringOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;

/**
 * Times netc against Spark MLlib's {@link MultilayerPerceptronClassificationModel} on Spark, side by side in one
 * run: the same 784 -> 128 sigmoid -> 10 softmax weights ({@code mnist_mlp.net}, MLlib's architecture), the
 * same million rows of {@code Vector} features, both writing probabilities and the arg-max prediction, first in
 * {@code local[1]} then in {@code local[2]}. The features are made on the fly (one of 512 fixed random images per
 * row), so a third run that only makes them shows what reading the input costs. Each figure is the best of
 * three rounds (the second argument) after a warm-up on a tenth of the rows; beside it, the CPU time the JVM
 * used over the wall time, which shows how many cores a shared machine really gave.
 */
public final class SparkBenchmark {
    private static final int POOL = 512;
    private static final int PARTITIONS = 8;
    private static final long SEED = 1;

    private SparkBenchmark() {}

    /** netc's network, as each executor JVM builds it once. */
    static MnistMlp network() {
        return MnistMlp.random(SEED);
    }

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println(String.format(Locale.ROOT, "# netc against MLlib's MultilayerPerceptronClassificationModel:"
                + " 784 -> 128 sigmoid -> 10 softmax, %,d rows; %s, Java %s, %d cores", rows, cpu(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        double[][] results = new double[2][];
        for (int threads = 1; threads <= 2; threads++) {
            results[threads - 1] = run(threads, rows, rounds);
        }
        System.out.println(String.format(Locale.ROOT, "control: two threads of plain arithmetic run %.2fx as fast as"
                + " one on this machine now (2.00x on two free cores)", machineSpeedup()));
        System.out.println(String.format(Locale.ROOT, "netc local[2] / local[1]: %.2fx; MLlib local[2] / local[1]:"
                + " %.2fx", results[1][0] / results[0][0], results[1][1] / results[0][1]));
        System.out.println(String.format(Locale.ROOT, "netc / MLlib: %.2fx in local[1], %.2fx in local[2]",
                results[0][0] / results[0][1], results[1][0] / results[1][1]));
    }

    /** Rows per second of netc, MLlib and the input alone, in {@code local[threads]}. */
    private static double[] run(int threads, long rows, int rounds) {
        SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("netc vs MLlib")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            Dataset<Row> data = features(spark, rows);
            Dataset<Row> netc = NetcSpark.predict(data, SparkBenchmark::network, "features", "probability",
                    ScoringOptions.defaults().withPredictionCol("prediction"));
            MultilayerPerceptronClassificationModel mllib = mllibModel();
            Dataset<Row> ml = mllib.transform(data);
            checkAgreement(netc, ml);
            Dataset<Row> warmUp = features(spark, rows / 10);
            consume(NetcSpark.predict(warmUp, SparkBenchmark::network, "features", "probability",
                    ScoringOptions.defaults().withPredictionCol("prediction")));
            consume(mllib.transform(warmUp));
            double input = 0;
            double netcRate = 0;
            double mllibRate = 0;
            double netcCores = 0;
            double mllibCores = 0;
            for (int round = 0; round < rounds; round++) {
                input = Math.max(input, rows / consume(data));
                double rate = rows / consume(netc);
                if (rate > netcRate) {
                    netcRate = rate;
                    netcCores = lastCores;
                }
                rate = rows / consume(ml);
                if (rate > mllibRate) {
                    mllibRate = rate;
                    mllibCores = lastCores;
                }
            }
            System.out.println(String.format(Locale.ROOT, "local[%d]: netc %,.0f rows/s (%.2f cores busy, %,.0f rows per"
                    + " core-second), MLlib %,.0f rows/s (%.2f cores busy, %,.0f rows per core-second): %.2fx;"
                    + " making the input alone %,.0f rows/s", threads, netcRate, netcCores, netcRate / netcCores,
                    mllibRate, mllibCores, mllibRate / mllibCores, netcRate / mllibRate, input));
            return new double[] {netcRate, mllibRate};
        } finally {
            spark.stop();
        }
    }

    /** {@code rows} rows of 784 features in [0, 1), each one of {@value #POOL} fixed random images. */
    static Dataset<Row> features(SparkSession spark, long rows) {
        Random random = new Random(7);
        double[][] pool = new double[POOL][784];
        for (double[] image : pool) {
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextDouble();
            }
        }
        UDF1<Long, Vector> image = id -> new DenseVector(pool[(int) (id % POOL)]);
        return spark.range(0, rows, 1, PARTITIONS)
                .withColumn("features", functions.udf(image, SQLDataTypes.VectorType()).apply(functions.col("id")));
    }

    /**
     * MLlib's model with netc's weights, in memory: {@code MnistMlp.random(SEED)} is made from
     * {@code Weights.random(MnistMlp.architecture(), SEED)}, floats, which MLlib gets widened to double. MLlib
     * keeps all layers in one vector, layer by layer: the weights as a column-major (out x in) matrix, which is
     * netc's row-major (in, out) array as it is, then the biases.
     */
    static MultilayerPerceptronClassificationModel mllibModel() {
        Weights weights = Weights.random(MnistMlp.architecture(), SEED);
        List<DenseLayer> layers = MnistMlp.architecture().denseLayers();
        int size = 0;
        for (DenseLayer layer : layers) {
            size += layer.inputSize() * layer.outputSize() + layer.outputSize();
        }
        double[] all = new double[size];
        int at = 0;
        for (DenseLayer layer : layers) {
            double[] w = weights.doubles(layer.weightsKey());
            double[] b = weights.doubles(layer.biasesKey());
            System.arraycopy(w, 0, all, at, w.length);
            System.arraycopy(b, 0, all, at + w.length, b.length);
            at += w.length + b.length;
        }
        MultilayerPerceptronClassificationModel model =
                new MultilayerPerceptronClassificationModel("mlp", Vectors.dense(all));
        return model.copy(new ParamMap().put(model.layers(), new int[] {784, 128, 10})).setRawPredictionCol("");
    }

    /** netc's probabilities (float) against MLlib's (double) on the first rows. */
    private static void checkAgreement(Dataset<Row> netc, Dataset<Row> mllib) {
        List<Row> a = netc.orderBy("id").limit(1000).collectAsList();
        List<Row> b = mllib.orderBy("id").limit(1000).collectAsList();
        double worst = 0;
        int sameClass = 0;
        for (int r = 0; r < a.size(); r++) {
            List<Float> p = a.get(r).getList(a.get(r).fieldIndex("probability"));
            double[] q = ((Vector) b.get(r).get(b.get(r).fieldIndex("probability"))).toArray();
            for (int i = 0; i < q.length; i++) {
                worst = Math.max(worst, Math.abs(p.get(i) - q[i]));
            }
            if (a.get(r).getDouble(a.get(r).fieldIndex("prediction"))
                    == b.get(r).getDouble(b.get(r).fieldIndex("prediction"))) {
                sameClass++;
            }
        }
        System.out.println(String.format(Locale.ROOT, "outputs agree: largest difference of a probability %.2e"
                + " over %d rows, same prediction on %d", worst, a.size(), sameClass));
        if (worst > 1e-4 || sameClass != a.size()) {
            throw new IllegalStateException("netc and MLlib disagree: " + worst);
        }
    }

    /** CPU time this JVM spent during the last {@link #consume}, over its wall time: the cores it had. */
    private static double lastCores;

    /** Runs the whole query into Spark's no-op sink; seconds taken. */
    private static double consume(Dataset<Row> scored) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        scored.write().format("noop").mode("overwrite").save();
        long wall = System.nanoTime() - start;
        lastCores = (os.getProcessCpuTime() - cpu) / (double) wall;
        return wall / 1e9;
    }

    /**
     * How much faster two threads finish twice the work of one, on plain arithmetic: what the machine, shared
     * with other jobs, gives a second thread right now.
     */
    private static double machineSpeedup() {
        spin(1);
        double one = spin(1);
        double two = spin(2);
        return 2 * one / two;
    }

    private static double spin(int threads) {
        Thread[] workers = new Thread[threads];
        double[] sink = new double[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            workers[t] = new Thread(() -> {
                double x = 0;
                for (long k = 0; k < 300_000_000L; k++) {
                    x += Math.sqrt(k);
                }
                sink[slot] = x;
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (sink[0] == 1) {
            System.out.println();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | UncheckedIOException e) {
            return "unknown CPU";
        }
    }
}
