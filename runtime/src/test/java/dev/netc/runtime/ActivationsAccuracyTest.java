package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActivationsAccuracyTest {
    record Point(boolean isFloat, String name, double x, double hi, double lo) {}

    interface FloatOp { float apply(float x); }

    static List<Point> points;

    static final Map<String, DoubleUnaryOperator> DOUBLE = new LinkedHashMap<>();
    static final Map<String, FloatOp> FLOAT = new LinkedHashMap<>();

    static {
        DOUBLE.put("elu:1.0", x -> Activations.elu(x, 1.0));
        DOUBLE.put("elu:0.5", x -> Activations.elu(x, 0.5));
        DOUBLE.put("selu", Activations::selu);
        DOUBLE.put("sigmoid", Activations::sigmoid);
        DOUBLE.put("hard_sigmoid", Activations::hardSigmoid);
        DOUBLE.put("tanh", Activations::tanh);
        DOUBLE.put("softplus", Activations::softplus);
        DOUBLE.put("softsign", Activations::softsign);
        DOUBLE.put("silu", Activations::silu);
        DOUBLE.put("hard_silu", Activations::hardSilu);
        DOUBLE.put("gelu", Activations::gelu);
        DOUBLE.put("gelu_tanh", Activations::geluTanh);
        DOUBLE.put("mish", Activations::mish);
        DOUBLE.put("exponential", Activations::exponential);
        FLOAT.put("elu:1.0", x -> Activations.elu(x, 1.0f));
        FLOAT.put("elu:0.5", x -> Activations.elu(x, 0.5f));
        FLOAT.put("selu", Activations::selu);
        FLOAT.put("sigmoid", Activations::sigmoid);
        FLOAT.put("hard_sigmoid", Activations::hardSigmoid);
        FLOAT.put("tanh", Activations::tanh);
        FLOAT.put("softplus", Activations::softplus);
        FLOAT.put("softsign", Activations::softsign);
        FLOAT.put("silu", Activations::silu);
        FLOAT.put("hard_silu", Activations::hardSilu);
        FLOAT.put("gelu", Activations::gelu);
        FLOAT.put("gelu_tanh", Activations::geluTanh);
        FLOAT.put("mish", Activations::mish);
        FLOAT.put("exponential", Activations::exponential);
    }

    @BeforeAll
    static void load() throws IOException {
        points = new ArrayList<>();
        try (InputStream in = ActivationsAccuracyTest.class.getResourceAsStream("/reference/activations.txt.gz");
                BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                points.add(new Point(f[0].equals("f"), f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            }
        }
    }

    @Test
    void measure() {
        Map<String, double[]> worst = new LinkedHashMap<>();
        for (Point p : points) {
            String key = (p.isFloat() ? "f " : "d ") + p.name();
            double err;
            double got;
            if (p.isFloat()) {
                float g = FLOAT.get(p.name()).apply((float) p.x());
                got = g;
                err = Ulps.floatError(g, p.hi(), p.lo());
            } else {
                got = DOUBLE.get(p.name()).applyAsDouble(p.x());
                err = Ulps.doubleError(got, p.hi(), p.lo());
            }
            double[] w = worst.computeIfAbsent(key, k -> new double[] {-1, 0, 0, 0});
            if (err > w[0]) { w[0] = err; w[1] = p.x(); w[2] = got; w[3] = Ulps.truth(p.hi(), p.lo()); }
            if (err > 1) {
                System.out.printf("BAD %s x=%s got=%s true=%s err=%.3g%n", key, p.x(), got, Ulps.truth(p.hi(), p.lo()), err);
            }
        }
        worst.forEach((k, w) -> System.out.printf("%-16s worst %.4g ulp at x=%s got %s true %s%n", k, w[0], w[1], w[2], w[3]));
    }
}
