package dev.netc.examples;

import java.util.Locale;

/** Classifies a few points of the tutorial's spiral dataset with trained, bundled weights. */
final class SpiralDemo {
    /** Points of the training set ({@link TrainSpiral#spiralData}): x, y and the spiral (class) each belongs to. */
    static final double[][] POINTS = {
        {0.089188, 0.047420, 0},
        {-0.321319, 0.513871, 0},
        {-0.480520, -0.830617, 0},
        {0.023907, 0.302086, 1},
        {-0.684672, 0.176560, 1},
        {0.969427, -0.245380, 1},
        {0.087675, -0.182003, 2},
        {0.198358, 0.572681, 2},
        {-0.437860, -0.796696, 2},
    };

    private SpiralDemo() {}

    static void run() {
        SpiralClassifier classifier = SpiralClassifier.pretrained();
        System.out.println("# A trained spiral classifier (precision double, bundled weights)");
        System.out.println(classifier.summary());
        System.out.println("     x          y     class  predicted  probabilities");
        for (double[] point : POINTS) {
            double[] p = classifier.predict(new double[] {point[0], point[1]});
            System.out.println(String.format(Locale.ROOT, "%9.6f  %9.6f  %5d  %9d  [%.3f, %.3f, %.3f]",
                    point[0], point[1], (int) point[2], argmax(p), p[0], p[1], p[2]));
        }
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
