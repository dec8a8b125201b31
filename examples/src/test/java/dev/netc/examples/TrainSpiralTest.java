package dev.netc.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.examples.TrainSpiral.Spiral;
import dev.netc.examples.TrainSpiral.Trained;
import dev.netc.runtime.train.Epoch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spiral classifier trained in Java: the book's data, its accuracy, and weights that load back the same. */
class TrainSpiralTest {
    private static final Spiral DATA = TrainSpiral.spiralData(TrainSpiral.SAMPLES, TrainSpiral.CLASSES,
            TrainSpiral.DATA_SEED);

    @TempDir
    Path temp;

    @Test
    void spiralDataIsTheBooksWithNumpysSeedZero() {
        // NumPy: np.random.seed(0); X, y = spiral_data(100, 3); X[0], X[10], X[150], X[299]
        assertThat(DATA.inputs()).hasNumberOfRows(300);
        assertThat(DATA.inputs()[0]).containsExactly(new double[] {0, 0}, within(0.0));
        assertThat(DATA.inputs()[10]).containsExactly(new double[] {0.08918751038222271, 0.04741970579718655},
                within(1e-15));
        assertThat(DATA.inputs()[299][0] * DATA.inputs()[299][0] + DATA.inputs()[299][1] * DATA.inputs()[299][1])
                .isCloseTo(1.0, within(1e-12));
        assertThat(DATA.labels()[99]).isZero();
        assertThat(DATA.labels()[100]).isOne();
        assertThat(DATA.labels()[299]).isEqualTo(2);
        // Every point SpiralDemo shows is a point of this data set, in its class.
        for (double[] point : SpiralDemo.POINTS) {
            int found = -1;
            for (int r = 0; r < DATA.inputs().length; r++) {
                if (Math.abs(DATA.inputs()[r][0] - point[0]) < 1e-6 && Math.abs(DATA.inputs()[r][1] - point[1]) < 1e-6) {
                    found = r;
                }
            }
            assertThat(found).as("point %s, %s", point[0], point[1]).isNotNegative();
            assertThat(DATA.labels()[found]).isEqualTo((int) point[2]);
        }
    }

    @Test
    void trainingReachesNinetyPercentAndTheSavedWeightsLoadBackTheSame() throws Exception {
        List<String> lines = new ArrayList<>();

        Trained trained = TrainSpiral.train(DATA, TrainSpiral.EPOCHS, TrainSpiral.PRINT_EVERY, lines::add);

        double accuracy = TrainSpiral.accuracy(trained.network(), DATA);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.9);
        List<Epoch> epochs = trained.history().epochs();
        assertThat(epochs).hasSize(TrainSpiral.EPOCHS);
        assertThat(epochs.get(0).loss()).isCloseTo(Math.log(3), within(0.05));
        assertThat(trained.history().last().loss()).isLessThan(0.3);
        assertThat(lines).hasSize(1 + TrainSpiral.EPOCHS / TrainSpiral.PRINT_EVERY);
        assertThat(lines.get(0)).startsWith("epoch: 1, acc: ").contains(", lr: 0.05");
        assertThat(lines.get(lines.size() - 1)).matches("epoch: 3000, acc: 0\\.9\\d\\d, loss: 0\\.\\d{3}, lr: 0\\.0499.*");

        Path file = temp.resolve("spiral.npz");
        trained.network().save(file);
        SpiralClassifier loaded = SpiralClassifier.load(file);

        assertThat(loaded.predict(DATA.inputs())).isDeepEqualTo(trained.network().predict(DATA.inputs()));
        assertThat(TrainSpiral.accuracy(loaded, DATA)).isEqualTo(accuracy);
    }

    @Test
    void theBundledWeightsAreTrainedOnTheSameData() {
        assertThat(TrainSpiral.accuracy(SpiralClassifier.pretrained(), DATA)).isGreaterThanOrEqualTo(0.9);
    }
}
