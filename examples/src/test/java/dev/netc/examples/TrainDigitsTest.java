package dev.netc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.examples.TrainDigits.Digits;
import dev.netc.examples.TrainDigits.Split;
import dev.netc.examples.TrainDigits.Trained;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The digits example: the bundled data as scikit-learn loads it, a held-out split, and its accuracy. */
class TrainDigitsTest {
    private static final Digits ALL = TrainDigits.load();

    @Test
    void bundledDataIsScikitLearnsDigits() {
        // sklearn.datasets.load_digits(): 1797 images of 64 pixels; np.bincount(target)
        assertThat(ALL.size()).isEqualTo(1797);
        int[] counts = new int[10];
        for (int label : ALL.labels()) {
            counts[label]++;
        }
        assertThat(counts).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        assertThat(Arrays.asList(ALL.inputs())).allSatisfy(row -> assertThat(row).hasSize(64));
        // The first image, a zero: load_digits().data[0][:8] / 16
        assertThat(Arrays.copyOf(ALL.inputs()[0], 8)).containsExactly(0, 0, 5 / 16f, 13 / 16f, 9 / 16f, 1 / 16f, 0, 0);
        assertThat(ALL.labels()[0]).isZero();
    }

    @Test
    void theHeldOutFifthIsNeverTrainedOn() {
        Split split = TrainDigits.split(ALL, TrainDigits.TEST_FRACTION, TrainDigits.SPLIT_SEED);

        assertThat(split.test().size()).isEqualTo(360);
        assertThat(split.train().size()).isEqualTo(1437);
        Set<float[]> train = new HashSet<>(Arrays.asList(split.train().inputs()));
        // Rows are shared, not copied: no image object of the held-out part is among the training ones.
        assertThat(Arrays.asList(split.test().inputs())).noneMatch(train::contains);
    }

    @Test
    void recognizesAtLeastNinetyFivePercentOfTheHeldOutDigits() {
        Split split = TrainDigits.split(ALL, TrainDigits.TEST_FRACTION, TrainDigits.SPLIT_SEED);
        List<String> lines = new ArrayList<>();

        Trained trained = TrainDigits.train(split, TrainDigits.EPOCHS, TrainDigits.PRINT_EVERY, lines::add);

        assertThat(TrainDigits.accuracy(trained.network(), split.test())).isGreaterThanOrEqualTo(0.95);
        assertThat(trained.history().last().validationAccuracy())
                .isEqualTo(TrainDigits.accuracy(trained.network(), split.test()));
        assertThat(lines).hasSize(1 + TrainDigits.EPOCHS / TrainDigits.PRINT_EVERY);
        assertThat(lines.get(0)).startsWith("epoch: 1, acc: ").contains("held-out acc: ");
    }
}
