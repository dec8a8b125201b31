package dev.netc.cli;

import static dev.netc.cli.Cli.BAD;
import static dev.netc.cli.Cli.SPIRAL;
import static dev.netc.cli.Cli.TWO_LAYER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.cli.Cli.Result;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SummaryAndDiagramTest {
    @TempDir
    Path temp;

    @Test
    void summaryOfTheSpiralClassifier() {
        Result result = Cli.run("summary", SPIRAL);

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        // hidden: 2*64 + 64 = 192; logits: 64*3 + 3 = 195; 387 doubles = 3,096 bytes; FLOPs 2*2*64 + 64 + 2*64*3 + 3 = 707.
        assertThat(result.out()).isEqualTo("""
                Model: "SpiralClassifier"
                __________________________________________________________________________________
                 Layer (type)                Output Shape   Activation   Param #   Weight shapes
                ==================================================================================
                 input (InputLayer)          (None, 2)      -                  0
                __________________________________________________________________________________
                 hidden (Dense)              (None, 64)     relu             192   (2, 64) + (64,)
                __________________________________________________________________________________
                 logits (Dense)              (None, 3)      linear           195   (64, 3) + (3,)
                __________________________________________________________________________________
                 activation_0 (Activation)   (None, 3)      softmax            0
                ==================================================================================
                Total params: 387 (3.02 KB)
                Trainable params: 387 (3.02 KB)
                Non-trainable params: 0 (0.00 B)
                Weight memory: 3,096 bytes (double, 8 bytes per value)
                FLOPs per sample: 707
                __________________________________________________________________________________
                """);
    }

    @Test
    void summaryOfTheTutorialNetwork() {
        Result result = Cli.run("summary", TWO_LAYER);

        // dense1 and dense2: 4*4 + 4 = 20 each, 40 floats = 160 bytes; FLOPs 2 * (2*4*4 + 4) = 72.
        assertThat(result.out()).contains(" dense1 (Dense)              (None, 4)      linear            20   (4, 4) + (4,)\n",
                " activation_0 (Activation)   (None, 4)      relu               0\n",
                "Total params: 40 (160.00 B)\n", "FLOPs per sample: 72\n");
    }

    /** Dropouts are rows and boxes of their own; {@code run} computes as if they were not there. */
    @Test
    void dropoutLayersInSummaryDiagramAndRun() throws Exception {
        Path net = Cli.NETS.resolve("dropout.net");

        assertThat(Cli.run("summary", net).out()).contains(
                " dropout_0 (Dropout)         (None, 2)      -                  0\n",
                " drop (Dropout)              (None, 3)      -                  0\n");
        String svg = Cli.run("diagram", net).out();
        parse(svg);
        assertThat(svg).contains("data-kind=\"dropout\"", ">rate</text>", ">0.5</text>");
        Path x = Files.writeString(temp.resolve("x.csv"), "1,2\n-3,0.5\n");
        Result run = Cli.run("run", net, "-i", x, "--seed", "3");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(Cli.run("run", Cli.NETS.resolve("untrained.net"), "-i", x, "--seed", "3").out());
    }

    @Test
    void summaryOfABadFileShowsItsErrors() {
        Result result = Cli.run("summary", BAD.resolve("typo.net"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("src/test/resources/bad/typo.net:2:15: error: unknown activation 'rellu'")
                .endsWith("2 errors in 1 file\n");
    }

    @Test
    void diagramIsWrittenToTheOutputFile() throws Exception {
        Path svg = Files.createDirectory(temp.resolve("pictures")).resolve("spiral.svg");

        Result result = Cli.run("diagram", SPIRAL, "-o", svg);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(SPIRAL + " -> " + svg + "\n");
        Document document = parse(Files.readString(svg));
        NodeList groups = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        int layers = 0;
        StringBuilder texts = new StringBuilder();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("layer")) {
                layers++;
                texts.append(g.getTextContent()).append('\n');
            }
        }
        assertThat(layers).isEqualTo(4);
        assertThat(texts.toString()).contains("hidden", "logits", "activation_0", "(None, 64)", "192 (2×64 + 64)", "softmax");
    }

    @Test
    void diagramWithoutOutputGoesToStandardOutput() throws Exception {
        Result result = Cli.run("diagram", TWO_LAYER);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ").endsWith("</svg>\n");
        parse(result.out());
    }

    @Test
    void diagramOfABadFileWritesNothing() {
        Path svg = temp.resolve("bad.svg");

        Result result = Cli.run("diagram", BAD.resolve("missing_semicolon.net"), "-o", svg);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(svg).doesNotExist();
    }

    @Test
    void diagramThatCannotBeWrittenIsAnInputProblem() throws Exception {
        Path blocker = Files.writeString(temp.resolve("file"), "in the way");

        Result result = Cli.run("diagram", SPIRAL, "-o", blocker.resolve("x.svg"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("netc: error: cannot write " + blocker.resolve("x.svg") + ": " + blocker
                + " is not a folder\n");
    }

    @Test
    void diagramRefusesAnOutputThatIsNotAnSvgFile() throws Exception {
        Result png = Cli.run("diagram", SPIRAL, "-o", temp.resolve("out.png"));
        Result slash = Cli.run("diagram", SPIRAL, "-o", temp.resolve("out.svg") + "/");
        Result missingFolder = Cli.run("diagram", SPIRAL, "-o", temp.resolve("pictures/out.svg"));

        assertThat(png.exitCode()).isEqualTo(2);
        assertThat(png.err()).isEqualTo("netc: error: --output " + temp.resolve("out.png") + ": name a .svg file\n");
        assertThat(slash.exitCode()).isEqualTo(2);
        assertThat(slash.err()).isEqualTo("netc: error: --output " + temp.resolve("out.svg") + "/: ends with '/', so it"
                + " names a folder; name a .svg file\n");
        assertThat(missingFolder.exitCode()).isEqualTo(1);
        assertThat(missingFolder.err()).isEqualTo("netc: error: cannot write " + temp.resolve("pictures/out.svg")
                + ": the folder " + temp.resolve("pictures") + " does not exist (create it first)\n");
        try (var files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
