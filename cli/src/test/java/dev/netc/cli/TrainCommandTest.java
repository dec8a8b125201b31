package dev.netc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.cli.Cli.Result;
import dev.netc.runtime.math.NumpyRandom;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    /** The spiral classifier without its weights directive: 2 -> 64 relu -> 3 softmax, in double. */
    private static final String SPIRAL_NET = """
            network Spiral;
            input 2;
            precision double;
            dense 2 -> 64 relu name=hidden;
            dense 64 -> 3 name=logits;
            softmax;
            """;

    @TempDir
    Path temp;

    @Test
    void trainsTheSpiralFromAnNpzWithIntegerLabelsAndWritesWeightsThatRunLoads() throws Exception {
        Path net = Files.writeString(temp.resolve("spiral.net"), SPIRAL_NET);
        double[][] x = spiral();
        Path data = npz(temp.resolve("spiral.npz"), "inputs", npy("<f8", x), "labels", npy("<i8", labels()));
        Path out = Files.createDirectories(temp.resolve("out")).resolve("weights.npz");

        Result result = Cli.run("train", net, "--data", data, "--loss", "categorical_crossentropy", "--optimizer",
                "adam(lr=0.05, decay=5e-7)", "--epochs", 1000, "--batch", 300, "--seed", 0, "-o", out);

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(1002);
        assertThat(lines.get(0)).isEqualTo("training Spiral (387 parameters) on 300 rows of " + data
                + ", with categorical_crossentropy and adam(lr=0.05, decay=5.0E-7, epsilon=1.0E-7, beta_1=0.9,"
                + " beta_2=0.999), from random weights of seed 0");
        assertThat(lines.get(1)).matches("epoch 1/1000: loss 1\\.09\\d+, accuracy 0\\.\\d{4}, .* left");
        assertThat(lines.get(1000)).startsWith("epoch 1000/1000: loss 0.");
        assertThat(lines.get(1001)).startsWith("wrote " + out + " after 1000 epochs (1000 steps): loss 0.");
        double accuracy = Double.parseDouble(lines.get(1001).replaceAll(".*accuracy ", ""));
        assertThat(accuracy).isGreaterThanOrEqualTo(0.9);

        // `netc run` loads the weights and classifies the training points with them as training measured.
        Path points = npyFile(temp.resolve("points.npy"), "<f8", x);
        List<String> outputs = Cli.run("run", net, "--weights", out, "-i", points).out().lines().toList();
        int right = 0;
        for (int r = 0; r < 300; r++) {
            double[] p = java.util.Arrays.stream(outputs.get(r).split(",")).mapToDouble(Double::parseDouble).toArray();
            right += argmax(p) == r / 100 ? 1 : 0;
        }
        assertThat(right / 300.0).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void sameSeedsGiveTheSameWeightsAndValidationIsReported() throws Exception {
        Path net = Files.writeString(temp.resolve("spiral.net"), SPIRAL_NET);
        Path data = npz(temp.resolve("train.npz"), "inputs", npy("<f4", spiral()), "labels", npy("|u1", labels()));
        Path val = npz(temp.resolve("val.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<f8", labels()));
        Object[] args = {"train", net, "--data", data, "--validation", val, "--loss", "categorical_crossentropy",
            "--optimizer", "adam(lr=0.02)", "--epochs", 5, "--batch", 32, "--shuffle", 7, "--seed", 3, "-o"};

        Result first = Cli.run(append(args, temp.resolve("a.npz")));
        Result second = Cli.run(append(args, temp.resolve("b.npz")));

        assertThat(first.exitCode()).isZero();
        assertThat(first.out().lines().skip(1).limit(5))
                .allMatch(l -> l.matches("epoch \\d/5: loss [\\d.]+, accuracy [\\d.]+, val_loss [\\d.]+,"
                        + " val_accuracy [\\d.]+, .*"));
        assertThat(Files.mismatch(temp.resolve("a.npz"), temp.resolve("b.npz"))).isEqualTo(-1L);
        assertThat(second.out().lines().toList().get(6)).isEqualTo(first.out().lines().toList().get(6)
                .replace("a.npz", "b.npz"));
    }

    @Test
    void textDataWithTargetColumnsTrainsARegression() throws Exception {
        Path net = Files.writeString(temp.resolve("sum.net"), "input 2; dense 2 -> 1;");
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        NumpyRandom random = new NumpyRandom(1);
        for (int r = 0; r < 64; r++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            csv.append(a).append(',').append(b).append(',').append(2 * a - b + 0.5).append('\n');
        }
        Path data = Files.writeString(temp.resolve("sum.csv"), csv);

        Result result = Cli.run("train", net, "--data", data, "--targets", 1, "--loss", "mse", "--optimizer",
                "adam(lr=0.05)", "--epochs", 300, "--batch", 16, "--seed", 0, "-o", temp.resolve("sum.npz"));

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        String last = result.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).doesNotContain("accuracy");
        assertThat(Double.parseDouble(last.replaceAll(".*loss ", ""))).isLessThan(1e-3);
    }

    @Test
    void trainingGoesOnFromTheBundledOrGivenWeights() throws Exception {
        Path data = npz(temp.resolve("d.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i8", labels()));
        Path out = temp.resolve("more.npz");

        Result bundled = Cli.run("train", Cli.SPIRAL, "--data", data, "--loss", "categorical_crossentropy",
                "--optimizer", "adam(lr=0.001)", "--epochs", 1, "--batch", 300, "-o", out);
        Result given = Cli.run("train", Cli.SPIRAL, "--data", data, "--loss", "categorical_crossentropy",
                "--optimizer", "adam(lr=0.001)", "--epochs", 1, "--batch", 300, "--weights", out, "-o",
                temp.resolve("again.npz"));

        assertThat(bundled.exitCode()).isZero();
        assertThat(bundled.out().lines().findFirst().orElseThrow())
                .endsWith("from the weights of its 'weights' directive");
        // The bundled weights are TrainSpiral's, trained on these points: right from the first step.
        assertThat(bundled.out()).containsPattern("epoch 1/1: loss 0\\.1\\d+, accuracy 0\\.9[5-9]");
        assertThat(given.exitCode()).isZero();
        assertThat(given.out().lines().findFirst().orElseThrow()).endsWith("from the weights of " + out);
    }

    /** --weights or --seed come first, as in run and export: a broken weights directive is not read at all. */
    @Test
    void givenWeightsOrASeedDoNotReadTheFilesWeightsDirective() throws Exception {
        Path data = npz(temp.resolve("d.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i8", labels()));
        Path net = Files.writeString(temp.resolve("broken.net"), "network Broken; weights \"missing.npz\";"
                + " dense 2 -> 8 relu; dense 8 -> 3 softmax;");

        Result seeded = Cli.run("train", net, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 1,
                "--seed", 3, "-o", temp.resolve("w.npz"));
        Result directive = Cli.run("train", net, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 1,
                "-o", temp.resolve("v.npz"));

        assertThat(seeded.exitCode()).isZero();
        assertThat(seeded.out().lines().findFirst().orElseThrow()).endsWith("from random weights of seed 3");
        assertThat(directive.exitCode()).isEqualTo(1);
        assertThat(directive.err()).contains("missing.npz");
    }

    @Test
    void theStartLineSaysWhichSeedTheWeightsCameFromAndThatSeedDrawsThemAgain() throws Exception {
        Path data = npz(temp.resolve("d.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i8", labels()));
        Path seeded = Files.writeString(temp.resolve("seeded.net"), "seed 42;\n" + SPIRAL_NET);
        Path unseeded = Files.writeString(temp.resolve("spiral.net"), SPIRAL_NET);

        Result directive = Cli.run("train", seeded, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 1,
                "-o", temp.resolve("a.npz"));
        Result random = Cli.run("train", unseeded, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 1,
                "-o", temp.resolve("b.npz"));

        assertThat(directive.exitCode()).isZero();
        assertThat(directive.out().lines().findFirst().orElseThrow()).endsWith("from random weights of its seed 42");
        assertThat(random.exitCode()).isZero();
        String start = random.out().lines().findFirst().orElseThrow();
        assertThat(start).matches(".*, from random weights of seed (\\d+) \\(--seed \\1 draws them again\\)");
        String seed = start.replaceAll(".* seed (\\d+) .*", "$1");
        Result again = Cli.run("train", unseeded, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 1,
                "--seed", seed, "-o", temp.resolve("c.npz"));
        assertThat(again.exitCode()).isZero();
        assertThat(Files.mismatch(temp.resolve("b.npz"), temp.resolve("c.npz"))).isEqualTo(-1L);
    }

    /** -o as run's and export's: a folder that does not exist is refused, not created. */
    @Test
    void anOutputInAFolderThatDoesNotExistIsRefused() throws Exception {
        Path data = npz(temp.resolve("d.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i8", labels()));
        Path out = temp.resolve("no-such-folder/w.npz");

        Result result = Cli.run("train", Cli.SPIRAL, "--data", data, "--loss", "categorical_crossentropy",
                "--epochs", 1, "-o", out);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("netc: error: cannot write " + out + ": the folder");
        assertThat(out.getParent()).doesNotExist();
    }

    @Test
    void fortranOrderAndEveryIntegerDtypeReadAsNumpyWroteThem() throws Exception {
        Path net = Files.writeString(temp.resolve("spiral.net"), SPIRAL_NET);
        double[][] x = spiral();
        double[] flatC = java.util.Arrays.stream(x).flatMapToDouble(java.util.Arrays::stream).toArray();
        double[] flatF = new double[flatC.length];
        for (int r = 0; r < 300; r++) {
            flatF[r] = x[r][0];
            flatF[300 + r] = x[r][1];
        }
        List<String> weights = new ArrayList<>();
        String[][] cases = {{"<f8", "False", "<f8"}, {"<f8", "True", "|u1"}, {"<f8", "False", "<i2"},
            {"<f8", "True", "<u4"}, {"<f8", "False", "<u8"}, {"<f8", "False", "|i1"}};
        for (String[] c : cases) {
            String name = c[1] + c[2].substring(1);
            byte[] inputs = npy(c[0], "(300, 2)", c[1].equals("True") ? flatF : flatC, c[1].equals("True"));
            Path data = npz(temp.resolve(name + ".npz"), "inputs", inputs, "labels", npy(c[2], labels()));
            Path out = temp.resolve(name + "-w.npz");
            Result result = Cli.run("train", net, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 2,
                    "--seed", 0, "-o", out);
            assertThat(result.exitCode()).as(name + ": " + result.err()).isZero();
            weights.add(java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(out)));
        }

        assertThat(weights).containsOnly(weights.get(0));
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlace() throws Exception {
        Path net = Files.writeString(temp.resolve("spiral.net"), SPIRAL_NET);
        Path data = npz(temp.resolve("d.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i4", labels()));
        Object[] args = {"train", net, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 50, "--seed",
            0, "-o", temp.resolve("w.npz")};

        Result result = Cli.withTerminals(true, false, args);

        assertThat(result.exitCode()).isZero();
        String[] lines = result.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith("\repoch 1/50: ").contains("\repoch 50/50: ");
        assertThat(lines[2]).startsWith("wrote ");
        // Progress goes to standard output: whether standard error is a terminal does not matter.
        assertThat(Cli.withTerminals(false, true, args).out().lines().filter(l -> l.startsWith("epoch "))).hasSize(50);
    }

    @Test
    void killedWhileTrainingItWritesTheWeightsOfTheLastStep() throws Exception {
        Path net = Files.writeString(temp.resolve("spiral.net"), SPIRAL_NET);
        Path data = npz(temp.resolve("d.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i8", labels()));
        Path out = temp.resolve("w.npz");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Netc.class.getName(),
                "train", net.toString(), "--data", data.toString(), "--loss", "categorical_crossentropy",
                "--epochs", "1000000", "--batch", "8", "--seed", "0", "-o", out.toString())
                .redirectError(temp.resolve("err.txt").toFile())
                .start();
        try (BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = stdout.readLine();
            } while (line != null && !line.startsWith("epoch 2/"));
            assertThat(line).as("progress before the kill").isNotNull();
            // SIGTERM runs the shutdown hooks as Ctrl-C's SIGINT does.
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String err = Files.readString(temp.resolve("err.txt"));
        Files.delete(temp.resolve("err.txt"));

        assertThat(err).matches("(?s)netc: interrupted in epoch \\d+ of 1000000: wrote the weights after step \\d+ to "
                + java.util.regex.Pattern.quote(out.toString()) + "\\R");
        assertThat(Cli.run("run", net, "--weights", out, "-i", Files.writeString(temp.resolve("x.csv"), "0.1,0.2\n"))
                .exitCode()).isZero();
        Files.delete(temp.resolve("x.csv"));
        try (var files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("spiral.net", "d.npz",
                    "w.npz");
        }
    }

    @Test
    void labelsOutOfRangeOrNotWholeAreNamedWithTheirRow() throws Exception {
        double[] labels = labels();
        labels[17] = 3;
        assertDataError(npz(temp.resolve("a.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i8", labels)),
                "a.npz: label 3 of row 17 is out of range: the network has 3 outputs, so labels go from 0 to 2");
        labels[17] = 1.5;
        assertDataError(npz(temp.resolve("b.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<f8", labels)),
                "b.npz: label 1.5 of row 17 is not a whole number; labels are classes, from 0 to 2");
        assertDataError(Files.writeString(temp.resolve("c.csv"), "0.1,0.2,0\n0.3,0.4,-1\n"),
                "c.csv: label -1 of row 1 is out of range: the network has 3 outputs, so labels go from 0 to 2");
    }

    @Test
    void widthsRowCountsAndArraysThatDoNotFitAreNamed() throws Exception {
        assertDataError(npz(temp.resolve("w.npz"), "inputs", npy("<f8", new double[4][3]), "labels",
                npy("<i8", new double[4])),
                "w.npz: 'inputs' has shape (4, 3) but Spiral takes 2 inputs; expected shape (rows, 2)");
        assertDataError(npz(temp.resolve("r.npz"), "inputs", npy("<f8", new double[4][2]), "labels",
                npy("<i8", new double[3])),
                "r.npz: 'labels' has 3 rows but 'inputs' has 4");
        assertDataError(npz(temp.resolve("t.npz"), "inputs", npy("<f8", new double[4][2]), "lables",
                npy("<i8", new double[4])),
                "t.npz: unexpected array 'lables'; did you mean 'labels'? (a data file holds 'inputs' and 'labels' or"
                        + " 'targets')");
        assertDataError(npz(temp.resolve("n.npz"), "inputs", npy("<f8", new double[][] {{0, Double.NaN}}), "labels",
                npy("<i8", new double[1])),
                "n.npz: inputs row 0 holds NaN (value 1); training needs finite numbers");
        assertDataError(Files.writeString(temp.resolve("l.csv"), "0.1,0.2,0\n0.3,0.4\n"),
                "l.csv:2: a row of 2 values but netc train needs 3 per line: Spiral's 2 inputs, then the label");
        assertDataError(npz(temp.resolve("b.npz"), "inputs", npy("<f8", new double[4][2]), "labels",
                npy(">i8", new double[4])),
                "b.npz: array 'labels': dtype '>i8' is not supported (big-endian; convert with arr.astype('<i8')),"
                        + " expected '<f4', '<f8', '|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8' or '|b1'");
        assertDataError(npz(temp.resolve("c.npz"), "inputs", npy("<f8", "(2, 2, 2)", new double[8]), "labels",
                npy("<i8", new double[2])),
                "c.npz: array 'inputs': shape (2, 2, 2) has 3 dimensions; expected one row per sample, at most 2"
                        + " dimensions");
        Files.writeString(temp.resolve("z.npz"), "not a zip");
        assertThat(train(temp.resolve("z.npz"), "categorical_crossentropy").err())
                .startsWith("netc: error: " + temp.resolve("z.npz") + ": not a zip archive (an .npz file is a zip of"
                        + " .npy arrays)");
        assertDataError(Files.createDirectories(temp.resolve("folder.npz")), "folder.npz: is a folder, not an .npz file");
        assertDataError(temp.resolve("missing.npz"), "missing.npz: no such file");
    }

    @Test
    void aLossThatDoesNotFitTheNetworkOrTheDataIsAUsageError() throws Exception {
        Path data = npz(temp.resolve("d.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i8", labels()));

        Result binary = train(data, "binary_crossentropy");
        Result mse = train(data, "mse");
        Result typo = train(data, "categorical_crossentropi");

        assertThat(binary.exitCode()).isEqualTo(2);
        assertThat(binary.err()).startsWith("netc: error: --loss binary_crossentropy: binary_crossentropy needs a"
                + " network that ends in sigmoid, but 'Spiral' ends in layer 'activation_0' with softmax (end it in"
                + " sigmoid, or train with mean_squared_error)\n");
        assertThat(mse.exitCode()).isEqualTo(2);
        assertThat(mse.err()).startsWith("netc: error: --loss mean_squared_error takes target rows, but " + data
                + " holds class labels");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).startsWith("netc: error: --loss 'categorical_crossentropi': column 1: unknown loss"
                + " 'categorical_crossentropi'; did you mean 'categorical_crossentropy'?");
    }

    @Test
    void anOptimizerTextErrorShowsTheColumn() throws Exception {
        Path net = Files.writeString(temp.resolve("spiral.net"), SPIRAL_NET);

        Result result = Cli.run("train", net, "--data", "d.npz", "--loss", "categorical_crossentropy",
                "--optimizer", "adam(lr=0.02, decy=1e-4)", "--epochs", 1, "-o", temp.resolve("w.npz"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("netc: error: --optimizer 'adam(lr=0.02, decy=1e-4)': column 15: 'adam'"
                + " has no argument 'decy'; did you mean 'decay'?")
                .contains("\nadam(lr=0.02, decy=1e-4)\n              ^\n");
    }

    @Test
    void aDivergingLossStopsTrainingAndWritesNothing() throws Exception {
        Path net = Files.writeString(temp.resolve("sum.net"), "input 2; seed 0; dense 2 -> 1;");
        Path data = Files.writeString(temp.resolve("d.csv"), "1,2,3\n2,3,5\n-1,4,3\n");
        Path out = temp.resolve("w.npz");

        Result result = Cli.run("train", net, "--data", data, "--targets", 1, "--loss", "mse", "--optimizer",
                "sgd(lr=1000)", "--epochs", 1000, "-o", out);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).matches("netc: error: epoch \\d+, batch 1: the loss is (NaN|Infinity) at step \\d+:"
                + " training diverged \\(try a lower learning rate\\).*; " + java.util.regex.Pattern.quote(out.toString())
                + " was not written\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void commandLineMistakes() throws Exception {
        Path net = Files.writeString(temp.resolve("spiral.net"), SPIRAL_NET);
        Path data = npz(temp.resolve("d.npz"), "inputs", npy("<f8", spiral()), "labels", npy("<i8", labels()));

        Result notNpz = Cli.run("train", net, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 1,
                "-o", temp.resolve("w.csv"));
        Result noEpochs = Cli.run("train", net, "--data", data, "--loss", "categorical_crossentropy", "-o",
                temp.resolve("w.npz"));
        Result zero = Cli.run("train", net, "--data", data, "--loss", "categorical_crossentropy", "--epochs", 0,
                "-o", temp.resolve("w.npz"));
        Result targetsForNpz = Cli.run("train", net, "--data", data, "--targets", 3, "--loss", "mse", "--epochs", 1,
                "-o", temp.resolve("w.npz"));

        assertThat(notNpz.exitCode()).isEqualTo(2);
        assertThat(notNpz.err()).isEqualTo("netc: error: --output " + temp.resolve("w.csv") + ": name a .npz file\n");
        assertThat(noEpochs.exitCode()).isEqualTo(2);
        assertThat(noEpochs.err()).startsWith("netc: error: missing required option: '--epochs=N'\n");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("netc: error: --epochs must be at least 1, got 0\n");
        assertThat(targetsForNpz.exitCode()).isEqualTo(2);
        assertThat(targetsForNpz.err()).startsWith("netc: error: --targets is for text files;");
        assertThat(temp.resolve("w.npz")).doesNotExist();
    }

    private Result train(Path data, String loss) throws Exception {
        Path net = temp.resolve("spiral.net");
        if (!Files.exists(net)) {
            Files.writeString(net, SPIRAL_NET);
        }
        return Cli.run("train", net, "--data", data, "--loss", loss, "--epochs", 1, "--seed", 0, "-o",
                temp.resolve("never.npz"));
    }

    private void assertDataError(Path data, String message) throws Exception {
        Result result = train(data, "categorical_crossentropy");
        assertThat(result.exitCode()).as(message).isEqualTo(1);
        assertThat(result.err()).isEqualTo("netc: error: " + data.getParent().resolve(message) + "\n");
        assertThat(result.out()).isEmpty();
        assertThat(temp.resolve("never.npz")).doesNotExist();
    }

    /** {@code np.random.seed(0); spiral_data(100, 3)}'s points: three classes of 100 in order. */
    private static double[][] spiral() {
        NumpyRandom random = new NumpyRandom(0);
        double[][] x = new double[300][];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 100; i++) {
                double r = i / 99.0;
                double t = c * 4 + i * 4 / 99.0 + random.nextGaussian() * 0.2;
                x[c * 100 + i] = new double[] {r * Math.sin(t * 2.5), r * Math.cos(t * 2.5)};
            }
        }
        return x;
    }

    private static double[] labels() {
        double[] y = new double[300];
        for (int r = 0; r < 300; r++) {
            y[r] = r / 100;
        }
        return y;
    }

    /** A 2-D {@code .npy} array of the rows. */
    private static byte[] npy(String descr, double[][] rows) {
        double[] flat = java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
        return npy(descr, "(" + rows.length + ", " + (rows.length == 0 ? 0 : rows[0].length) + ")", flat);
    }

    /** A 1-D {@code .npy} array. */
    private static byte[] npy(String descr, double[] values) {
        return npy(descr, "(" + values.length + ",)", values);
    }

    private static byte[] npy(String descr, String shape, double[] values) {
        return npy(descr, shape, values, false);
    }

    /** An .npy array as np.save writes it: version 1.0, header padded to 64 bytes; values in the file's order. */
    private static byte[] npy(String descr, String shape, double[] values, boolean fortran) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int padding = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(padding % 64) + "\n";
        int item = Integer.parseInt(descr.substring(2));
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + values.length * item)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = buffer.slice().order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (descr.substring(1)) {
                case "f4" -> data.putFloat((float) v);
                case "f8" -> data.putDouble(v);
                case "i4", "u4" -> data.putInt((int) v);
                case "i2" -> data.putShort((short) v);
                case "u1", "i1" -> data.put((byte) v);
                default -> data.putLong((long) v);
            }
        }
        return buffer.array();
    }

    private static Path npyFile(Path file, String descr, double[][] rows) throws Exception {
        return Files.write(file, npy(descr, rows));
    }

    /** An .npz archive of NAME, BYTES pairs, as np.savez writes it. */
    private static Path npz(Path file, Object... namesAndArrays) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndArrays.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndArrays[i] + ".npy"));
                zip.write((byte[]) namesAndArrays[i + 1]);
                zip.closeEntry();
            }
        }
        return Files.write(file, bytes.toByteArray());
    }

    private static Object[] append(Object[] args, Object last) {
        List<Object> all = new ArrayList<>(List.of(args));
        all.add(last);
        return all.toArray();
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
