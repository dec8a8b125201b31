package dev.netc.codegen.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.codegen.Networks;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The SVG parsed back with the JDK's XML parser: one box per layer with its texts, no two boxes
 * overlapping, every text inside its box at 0.6 em per character (the advance of DejaVu Sans Mono,
 * Menlo and Liberation Mono), arrows joining consecutive boxes, and names of any kind escaped.
 */
class DiagramTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    /** Advance of a monospaced character in the fonts the diagram asks for, as a fraction of the font size. */
    private static final double MONO_EM = 0.6;

    private static final Architecture SPIRAL = Networks.parse("spiral.net", """
            network SpiralClassifier;
            input 2;
            precision double;
            dense 2 -> 64 relu name=hidden;
            dense 64 -> 3 name=logits;
            softmax;
            """);

    @Test
    void spiralHasAnInputBoxAndOneBoxPerLayerWithItsTexts() throws Exception {
        Document svg = parse(Diagram.svg(SPIRAL));

        List<Element> boxes = layers(svg);
        assertThat(boxes).hasSize(4);
        assertThat(texts(boxes.get(0))).containsExactly("input", "Input", "output", "(None, 2)", "precision", "double");
        assertThat(texts(boxes.get(1))).containsExactly("hidden", "Dense", "output", "(None, 64)", "activation", "relu",
                "params", "192 (2×64 + 64)");
        assertThat(texts(boxes.get(2))).containsExactly("logits", "Dense", "output", "(None, 3)", "activation",
                "linear", "params", "195 (64×3 + 3)");
        assertThat(texts(boxes.get(3))).containsExactly("activation_0", "Activation", "output", "(None, 3)",
                "activation", "softmax", "params", "0");
        assertThat(boxes).extracting(b -> b.getAttribute("data-kind"))
                .containsExactly("input", "dense", "dense", "activation");
        assertThat(text(svg, "title")).isEqualTo("SpiralClassifier");
        assertThat(text(svg, "subtitle")).isEqualTo("387 params · 3.02 KB (double) · 707 FLOPs per sample");
        assertGeometry(svg, 4);
    }

    /** A dropout is a box of its own kind and colour, showing its rate where the others show their activation. */
    @Test
    void dropoutHasABoxOfItsOwnWithItsRate() throws Exception {
        Architecture regularized = Networks.parse("regularized.net", """
                input 2;
                dense 2 -> 64 relu name=hidden l2=5e-4;
                dropout 0.1;
                dense 64 -> 3 softmax name=logits;
                """);
        Document svg = parse(Diagram.svg(regularized));

        List<Element> boxes = layers(svg);
        assertThat(boxes).extracting(b -> b.getAttribute("data-kind"))
                .containsExactly("input", "dense", "dropout", "dense");
        assertThat(texts(boxes.get(2))).containsExactly("dropout_0", "Dropout", "output", "(None, 64)", "rate", "0.1",
                "params", "0");
        assertThat(firstChild(boxes.get(2), "title").getTextContent())
                .isEqualTo("dropout_0 (Dropout): output (None, 64), drops 0.1 of the values while training (none in"
                        + " predict), 0 params");
        String dropoutFill = firstChild(boxes.get(2), "rect").getAttribute("fill");
        assertThat(dropoutFill).isNotEqualTo(firstChild(boxes.get(1), "rect").getAttribute("fill"))
                .isNotEqualTo(firstChild(layers(parse(Diagram.svg(SPIRAL))).get(3), "rect").getAttribute("fill"));
        assertGeometry(svg, 4);
    }

    @Test
    void boxesOfAShortNetworkFormOneColumnJoinedByStraightArrows() throws Exception {
        Document svg = parse(Diagram.svg(SPIRAL));

        List<double[]> rects = rects(svg);
        for (int i = 1; i < rects.size(); i++) {
            assertThat(rects.get(i)[0]).isEqualTo(rects.get(0)[0]);
            assertThat(rects.get(i)[1]).isGreaterThan(rects.get(i - 1)[1] + rects.get(i - 1)[3]);
        }
        for (Element edge : elements(svg, "path", "edge")) {
            assertThat(edge.getAttribute("d")).matches("M\\d+,\\d+ V\\d+");
        }
    }

    @Test
    void deepNetworkWrapsIntoColumnsAndStaysRoughlySquare() throws Exception {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            layers.add(i % 2 == 0 ? dense("dense_" + i / 2, 8, 8, Activation.RELU, true)
                    : new ActivationLayer("activation_" + i / 2, 8, ActivationCall.of(Activation.TANH)));
        }
        Architecture deep = new Architecture("Deep", 8, Precision.FLOAT, OptionalLong.empty(), layers);

        Document svg = parse(Diagram.svg(deep));

        assertThat(layers(svg)).hasSize(1001);
        double[] size = canvas(svg);
        assertThat(size[0] / size[1]).isBetween(0.5, 2.0);
        assertThat(rects(svg).stream().mapToDouble(r -> r[0]).distinct().count()).isGreaterThan(5);
        assertGeometry(svg, 1001);
    }

    @Test
    void twelveLayersStillFitOneColumnAndMoreWrap() throws Exception {
        assertThat(columns(chain(11))).isEqualTo(1); // 12 boxes with the input
        assertThat(columns(chain(12))).isEqualTo(2);
    }

    @Test
    void namesWithMarkupAndControlCharactersAreEscaped() throws Exception {
        String name = "a<b>&\"c'\u0001d";
        Architecture odd = new Architecture("Net<&>", 3, Precision.FLOAT, OptionalLong.empty(),
                List.of(dense(name, 3, 2, Activation.SIGMOID, false)));

        String source = Diagram.svg(odd);
        Document svg = parse(source);

        assertThat(source).doesNotContain("\u0001");
        assertThat(texts(layers(svg).get(1))).startsWith("a<b>&\"c'\uFFFDd", "Dense");
        assertThat(texts(layers(svg).get(1))).contains("6 (3×2, no bias)", "sigmoid");
        assertThat(text(svg, "title")).isEqualTo("Net<&>");
        assertGeometry(svg, 2);
    }

    @Test
    void longNamesAreShortenedInTheBoxAndShownWholeInTheTooltip() throws Exception {
        String name = "layer_" + "x".repeat(200);
        Architecture wide = new Architecture("Wide", 4, Precision.FLOAT, OptionalLong.empty(),
                List.of(dense(name, 4, 2_000_000, Activation.LEAKY_RELU, true)));

        Document svg = parse(Diagram.svg(wide));

        Element box = layers(svg).get(1);
        String shown = texts(box).get(0);
        assertThat(shown).endsWith("…").startsWith("layer_xxx");
        assertThat(shown.length()).isLessThanOrEqualTo(Diagram.MAX_CHARS);
        assertThat(firstChild(box, "title").getTextContent()).contains(name);
        assertThat(texts(box)).contains("leaky_relu(0.01)", "10,000,000 (4×2000000 + 2000000)", "(None, 2000000)");
        assertGeometry(svg, 2);
    }

    @Test
    void inputBoxShowsTheSeedWhenThereIsOne() throws Exception {
        Architecture seeded = Networks.parse("seeded.net", "seed 42; dense 2 -> 2;");

        assertThat(texts(layers(parse(Diagram.svg(seeded))).get(0))).containsSequence("seed", "42");
    }

    @Test
    void networkWithoutLayersIsJustItsInput() throws Exception {
        Architecture empty = new Architecture("Nothing", 3, Precision.FLOAT, OptionalLong.empty(), List.of());

        Document svg = parse(Diagram.svg(empty));

        assertThat(layers(svg)).hasSize(1);
        assertThat(elements(svg, "path", "edge")).isEmpty();
    }

    // ------------------------------------------------------------------ geometry checks

    /**
     * Boxes inside the canvas and apart from each other; every text of a box inside it; titles
     * inside the canvas; one arrow per pair of consecutive boxes, from the bottom of one to the top
     * of the next.
     */
    private static void assertGeometry(Document svg, int boxes) {
        double[] canvas = canvas(svg);
        List<double[]> rects = rects(svg);
        assertThat(rects).hasSize(boxes);
        for (double[] r : rects) {
            assertThat(r[0]).isGreaterThanOrEqualTo(0);
            assertThat(r[1]).isGreaterThanOrEqualTo(0);
            assertThat(r[0] + r[2]).isLessThanOrEqualTo(canvas[0]);
            assertThat(r[1] + r[3]).isLessThanOrEqualTo(canvas[1]);
        }
        // Sorted by position, so only neighbours need comparing would be an optimisation; boxes are few enough.
        for (int i = 0; i < rects.size(); i++) {
            for (int j = i + 1; j < rects.size() && j < i + 64; j++) {
                assertThat(overlap(rects.get(i), rects.get(j))).as("boxes %d and %d overlap", i, j).isFalse();
            }
        }
        for (int i = 0; i < rects.size(); i += Math.max(1, rects.size() / 50)) {
            assertTextsInside(layers(svg).get(i), rects.get(i));
        }
        for (String cls : List.of("title", "subtitle")) {
            Element t = elements(svg, "text", cls).get(0);
            double right = num(t, "x") + extent(t);
            assertThat(right).as(cls + " fits the canvas").isLessThanOrEqualTo(canvas[0]);
        }
        List<Element> edges = elements(svg, "path", "edge");
        assertThat(edges).hasSize(boxes - 1);
        for (int i = 0; i < edges.size(); i++) {
            double[] from = rects.get(i);
            double[] to = rects.get(i + 1);
            List<double[]> points = points(edges.get(i).getAttribute("d"));
            double[] start = points.get(0);
            double[] end = points.get(points.size() - 1);
            assertThat(start).containsExactly(from[0] + Math.floor(from[2] / 2), from[1] + from[3]);
            assertThat(end).containsExactly(to[0] + Math.floor(to[2] / 2), to[1]);
        }
    }

    private static void assertTextsInside(Element layer, double[] box) {
        for (Element t : children(layer, "text")) {
            double x = num(t, "x");
            double w = extent(t);
            double left = "end".equals(t.getAttribute("text-anchor")) ? x - w : x;
            double y = num(t, "y");
            String what = "'" + t.getTextContent() + "' in box at " + box[0] + "," + box[1];
            assertThat(left).as(what).isGreaterThanOrEqualTo(box[0] + 4);
            assertThat(left + w).as(what).isLessThanOrEqualTo(box[0] + box[2] - 4);
            assertThat(y - num(t, "font-size")).as(what).isGreaterThanOrEqualTo(box[1]);
            assertThat(y).as(what).isLessThanOrEqualTo(box[1] + box[3] - 2);
        }
        // The name and the type on the heading must not run into each other.
        List<Element> heading = children(layer, "text").subList(0, 2);
        double nameRight = num(heading.get(0), "x") + extent(heading.get(0));
        double typeLeft = num(heading.get(1), "x") - extent(heading.get(1));
        assertThat(nameRight).isLessThan(typeLeft);
    }

    private static double extent(Element text) {
        String s = text.getTextContent();
        return s.codePointCount(0, s.length()) * MONO_EM * num(text, "font-size");
    }

    private static boolean overlap(double[] a, double[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    private static List<double[]> points(String path) {
        List<double[]> points = new ArrayList<>();
        double x = 0;
        double y = 0;
        Matcher m = Pattern.compile("([MHV])([\\d.]+)(?:,([\\d.]+))?").matcher(path);
        while (m.find()) {
            switch (m.group(1)) {
                case "M" -> {
                    x = Double.parseDouble(m.group(2));
                    y = Double.parseDouble(m.group(3));
                }
                case "H" -> x = Double.parseDouble(m.group(2));
                default -> y = Double.parseDouble(m.group(2));
            }
            points.add(new double[] {x, y});
        }
        return points;
    }

    // ------------------------------------------------------------------ helpers

    private static Architecture chain(int layers) {
        List<Layer> list = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            list.add(dense("dense_" + i, 4, 4, Activation.RELU, true));
        }
        return new Architecture("Chain", 4, Precision.FLOAT, OptionalLong.empty(), list);
    }

    private static long columns(Architecture architecture) throws Exception {
        return rects(parse(Diagram.svg(architecture))).stream().mapToDouble(r -> r[0]).distinct().count();
    }

    private static DenseLayer dense(String name, int in, int out, Activation activation, boolean bias) {
        return new DenseLayer(name, in, out, ActivationCall.of(activation), bias,
                InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = document.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(SVG_NS);
        assertThat(root.getLocalName()).isEqualTo("svg");
        return document;
    }

    private static double[] canvas(Document svg) {
        Element root = svg.getDocumentElement();
        double w = num(root, "width");
        double h = num(root, "height");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 " + (long) w + " " + (long) h);
        return new double[] {w, h};
    }

    private static List<Element> layers(Document svg) {
        return elements(svg, "g", "layer");
    }

    private static List<double[]> rects(Document svg) {
        List<double[]> rects = new ArrayList<>();
        for (Element layer : layers(svg)) {
            List<Element> boxes = children(layer, "rect");
            assertThat(boxes).hasSize(1);
            Element r = boxes.get(0);
            assertThat(r.getAttribute("class")).isEqualTo("box");
            rects.add(new double[] {num(r, "x"), num(r, "y"), num(r, "width"), num(r, "height")});
        }
        return rects;
    }

    private static List<String> texts(Element layer) {
        return children(layer, "text").stream().map(Node::getTextContent).toList();
    }

    private static String text(Document svg, String cls) {
        return elements(svg, "text", cls).get(0).getTextContent();
    }

    private static List<Element> elements(Document svg, String tag, String cls) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = svg.getElementsByTagNameNS(SVG_NS, tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cls.equals(e.getAttribute("class"))) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element firstChild(Element parent, String tag) {
        return children(parent, tag).get(0);
    }

    private static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }
}
