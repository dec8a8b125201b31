package dev.netc.codegen.diagram;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A picture of a network as a standalone SVG file, drawn without Graphviz: a title with the
 * totals, then one box per layer (the input first) showing its name, type, output shape,
 * activation and parameters, with arrows from each box to the next.
 *
 * <p>Boxes are stacked top to bottom; a deep network wraps into several columns, with the arrow
 * from the bottom of one column running through the gap to the top of the next. Every box has the
 * same size, wide enough for the longest text. Dense layers, activations and dropouts each have
 * their colours; a dropout's box shows its rate where the others show their activation. Text is set in a monospaced font so its width is
 * known without font metrics (0.6 em per character in DejaVu Sans Mono, Menlo, Liberation Mono
 * and Courier; less in Consolas); a text longer than {@link #MAX_CHARS} characters is cut with an
 * ellipsis and shown whole in the box's tooltip. Names are escaped, so any name gives valid XML.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class Diagram {
    /** Longest line of text in a box, in characters; longer texts are shortened. */
    public static final int MAX_CHARS = 48;
    /** Width of one character as a fraction of the font size, rounded up from 0.6 for safety. */
    static final double CHAR_EM = 0.62;
    /** Size of the body text in pixels. */
    static final int FONT = 12;
    /** Size of the box headings (layer name and type) in pixels. */
    static final int HEADING_FONT = 13;

    private static final String FONTS = "'DejaVu Sans Mono', Menlo, 'Liberation Mono', Consolas, 'Courier New', monospace";
    private static final int MARGIN = 24;
    private static final int PAD = 10;
    private static final int HEADER_HEIGHT = 24;
    private static final int ROW_HEIGHT = 17;
    private static final int ROWS = 3;
    private static final int BOX_HEIGHT = HEADER_HEIGHT + 6 + ROWS * ROW_HEIGHT + 4;
    private static final int ROW_GAP = 30;
    private static final int COLUMN_GAP = 48;
    private static final int MIN_BOX_CHARS = 30;
    /** Characters reserved for the key column in a box ("activation" plus two spaces). */
    private static final int KEY_CHARS = 12;
    /** Boxes per column before the picture wraps into more columns. */
    private static final int MIN_ROWS_PER_COLUMN = 12;
    private static final int TITLE_FONT = 16;
    /** Room for the title and subtitle, and below them for the arrow that runs to the next column. */
    private static final int TITLE_HEIGHT = 66;

    private Diagram() {}

    /** One box: its kind (for colours), heading, type and rows of key and value. */
    private record Box(Kind kind, String name, String type, List<String[]> rows, String tooltip) {}

    private enum Kind {
        INPUT("#5b6776", "#f3f5f7"),
        DENSE("#2d6cb5", "#edf3fb"),
        ACTIVATION("#b86e00", "#fdf4e5"),
        DROPOUT("#6f42c1", "#f4f0fb");

        final String stroke;
        final String fill;

        Kind(String stroke, String fill) {
            this.stroke = stroke;
            this.fill = fill;
        }
    }

    /** The diagram of {@code architecture} as a complete SVG document (UTF-8, ends with a line break). */
    public static String svg(Architecture architecture) {
        List<Box> boxes = boxes(architecture);
        int chars = MIN_BOX_CHARS;
        for (Box box : boxes) {
            chars = Math.max(chars, headingChars(box));
            for (String[] row : box.rows()) {
                chars = Math.max(chars, KEY_CHARS + clip(row[1], MAX_CHARS - KEY_CHARS).codePointCount(0,
                        clip(row[1], MAX_CHARS - KEY_CHARS).length()));
            }
        }
        int boxWidth = (int) Math.ceil(Math.min(chars, MAX_CHARS) * CHAR_EM * HEADING_FONT) + 2 * PAD;

        int n = boxes.size();
        int rows = rowsPerColumn(n, boxWidth);
        int columns = (n + rows - 1) / rows;
        rows = (n + columns - 1) / columns;

        String title = clip(architecture.name(), MAX_CHARS);
        String subtitle = Summary.count(architecture.parameterCount()) + " params · "
                + Summary.bytes(Summary.weightBytes(architecture)) + " (" + architecture.precision().keyword()
                + ") · " + Summary.count(Summary.flopsPerSample(architecture)) + " FLOPs per sample";
        int contentWidth = columns * boxWidth + (columns - 1) * COLUMN_GAP;
        int titleWidth = (int) Math.ceil(Math.max(length(title) * CHAR_EM * TITLE_FONT, length(subtitle) * CHAR_EM * FONT));
        int width = 2 * MARGIN + Math.max(contentWidth, titleWidth);
        int top = MARGIN + TITLE_HEIGHT;
        int height = top + rows * BOX_HEIGHT + (rows - 1) * ROW_GAP + MARGIN;

        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"").append(FONTS).append("\" role=\"img\" aria-labelledby=\"netc-title\">\n");
        svg.append("  <title id=\"netc-title\">").append(escape(Summary.line(architecture))).append("</title>\n");
        svg.append("  <defs>\n")
                .append("    <marker id=\"netc-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\"")
                .append(" markerHeight=\"7\" orient=\"auto\">\n")
                .append("      <path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4a4a4a\"/>\n")
                .append("    </marker>\n")
                .append("  </defs>\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.append("  <text class=\"title\" x=\"").append(MARGIN).append("\" y=\"").append(MARGIN + TITLE_FONT)
                .append("\" font-size=\"").append(TITLE_FONT).append("\" font-weight=\"bold\" fill=\"#1f2328\">")
                .append(escape(title)).append("</text>\n");
        svg.append("  <text class=\"subtitle\" x=\"").append(MARGIN).append("\" y=\"").append(MARGIN + TITLE_FONT + 20)
                .append("\" font-size=\"").append(FONT).append("\" fill=\"#57606a\">").append(escape(subtitle))
                .append("</text>\n");

        int[][] at = new int[n][];
        for (int i = 0; i < n; i++) {
            int column = i / rows;
            int row = i % rows;
            at[i] = new int[] {MARGIN + column * (boxWidth + COLUMN_GAP), top + row * (BOX_HEIGHT + ROW_GAP)};
        }
        for (int i = 0; i < n; i++) {
            box(svg, boxes.get(i), i, at[i][0], at[i][1], boxWidth);
        }
        for (int i = 1; i < n; i++) {
            edge(svg, at[i - 1], at[i], boxWidth);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static List<Box> boxes(Architecture architecture) {
        List<Box> boxes = new ArrayList<>();
        List<String[]> inputRows = new ArrayList<>();
        inputRows.add(new String[] {"output", shape(architecture.inputSize())});
        inputRows.add(new String[] {"precision", architecture.precision().keyword()});
        architecture.seed().ifPresent(seed -> inputRows.add(new String[] {"seed", Long.toString(seed)}));
        boxes.add(new Box(Kind.INPUT, "input", "Input", inputRows,
                "input: " + architecture.inputSize() + " values per sample, " + architecture.precision().keyword()));
        for (Layer layer : architecture.layers()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"output", shape(layer.outputSize())});
            String type = Summary.type(layer);
            if (layer instanceof DropoutLayer d) {
                rows.add(new String[] {"rate", Double.toString(d.rate())});
                rows.add(new String[] {"params", params(layer)});
                boxes.add(new Box(Kind.DROPOUT, layer.name(), type, rows, layer.name() + " (" + type + "): output "
                        + shape(layer.outputSize()) + ", drops " + d.rate() + " of the values while training (none"
                        + " in predict), " + params(layer) + " params"));
                continue;
            }
            rows.add(new String[] {"activation", layer.activation().toString()});
            rows.add(new String[] {"params", params(layer)});
            boxes.add(new Box(layer instanceof DenseLayer ? Kind.DENSE : Kind.ACTIVATION, layer.name(), type, rows,
                    layer.name() + " (" + type + "): output " + shape(layer.outputSize()) + ", activation "
                            + layer.activation() + ", " + params(layer) + " params"));
        }
        return boxes;
    }

    /** {@code 192 (2×64 + 64)}, {@code 12 (4×3, no bias)}, {@code 0}. */
    private static String params(Layer layer) {
        String count = Summary.count(layer.parameterCount());
        if (!(layer instanceof DenseLayer d)) {
            return count;
        }
        String weights = d.inputSize() + "×" + d.outputSize();
        return count + " (" + (d.useBias() ? weights + " + " + d.outputSize() : weights + ", no bias") + ")";
    }

    private static String shape(int width) {
        return "(None, " + width + ")";
    }

    /** Boxes per column: all of them up to a dozen, then roughly a square picture. */
    private static int rowsPerColumn(int boxes, int boxWidth) {
        double square = Math.sqrt(boxes * (double) (boxWidth + COLUMN_GAP) / (BOX_HEIGHT + ROW_GAP));
        return Math.max(Math.min(boxes, MIN_ROWS_PER_COLUMN), (int) Math.ceil(square));
    }

    /** Characters the heading needs: the name, two spaces, the type. */
    private static int headingChars(Box box) {
        return length(clip(box.name(), MAX_CHARS - box.type().length() - 2)) + 2 + box.type().length();
    }

    private static void box(StringBuilder svg, Box box, int index, int x, int y, int width) {
        Kind kind = box.kind();
        svg.append("  <g class=\"layer\" id=\"layer-").append(index).append("\" data-kind=\"")
                .append(kind.name().toLowerCase(Locale.ROOT)).append("\">\n");
        svg.append("    <title>").append(escape(box.tooltip())).append("</title>\n");
        svg.append("    <rect class=\"box\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
                .append(width).append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"6\" fill=\"")
                .append(kind.fill).append("\" stroke=\"").append(kind.stroke).append("\" stroke-width=\"1.5\"/>\n");
        // The heading band: rounded at the top like the box, square at the bottom.
        svg.append("    <path class=\"heading\" d=\"M").append(x).append(',').append(y + HEADER_HEIGHT)
                .append(" V").append(y + 6).append(" Q").append(x).append(',').append(y).append(' ')
                .append(x + 6).append(',').append(y).append(" H").append(x + width - 6).append(" Q")
                .append(x + width).append(',').append(y).append(' ').append(x + width).append(',').append(y + 6)
                .append(" V").append(y + HEADER_HEIGHT).append(" Z\" fill=\"").append(kind.stroke).append("\"/>\n");
        int baseline = y + HEADER_HEIGHT - 7;
        String name = clip(box.name(), MAX_CHARS - box.type().length() - 2);
        svg.append("    <text class=\"name\" x=\"").append(x + PAD).append("\" y=\"").append(baseline)
                .append("\" font-size=\"").append(HEADING_FONT).append("\" font-weight=\"bold\" fill=\"#ffffff\">")
                .append(escape(name)).append("</text>\n");
        svg.append("    <text class=\"type\" x=\"").append(x + width - PAD).append("\" y=\"").append(baseline)
                .append("\" font-size=\"").append(HEADING_FONT).append("\" text-anchor=\"end\" fill=\"#ffffff\">")
                .append(escape(box.type())).append("</text>\n");
        int keyX = x + PAD;
        int valueX = keyX + (int) Math.ceil(KEY_CHARS * CHAR_EM * FONT);
        for (int r = 0; r < box.rows().size(); r++) {
            String[] row = box.rows().get(r);
            int rowY = y + HEADER_HEIGHT + 6 + (r + 1) * ROW_HEIGHT - 4;
            svg.append("    <text class=\"key\" x=\"").append(keyX).append("\" y=\"").append(rowY)
                    .append("\" font-size=\"").append(FONT).append("\" fill=\"#6e7781\">").append(escape(row[0]))
                    .append("</text>\n");
            svg.append("    <text class=\"value\" x=\"").append(valueX).append("\" y=\"").append(rowY)
                    .append("\" font-size=\"").append(FONT).append("\" fill=\"#1f2328\">")
                    .append(escape(clip(row[1], MAX_CHARS - KEY_CHARS))).append("</text>\n");
        }
        svg.append("  </g>\n");
    }

    /** An arrow from box {@code from} to box {@code to}: straight down, or through the gap to the next column. */
    private static void edge(StringBuilder svg, int[] from, int[] to, int width) {
        int x1 = from[0] + width / 2;
        int y1 = from[1] + BOX_HEIGHT;
        int x2 = to[0] + width / 2;
        int y2 = to[1];
        String d;
        if (x1 == x2) {
            d = "M" + x1 + "," + y1 + " V" + y2;
        } else {
            int gapX = from[0] + width + COLUMN_GAP / 2;
            d = "M" + x1 + "," + y1 + " V" + (y1 + ROW_GAP / 2) + " H" + gapX + " V" + (y2 - ROW_GAP / 2)
                    + " H" + x2 + " V" + y2;
        }
        svg.append("  <path class=\"edge\" d=\"").append(d)
                .append("\" fill=\"none\" stroke=\"#4a4a4a\" stroke-width=\"1.5\" marker-end=\"url(#netc-arrow)\"/>\n");
    }

    /** {@code text} cut to {@code max} characters, the last being an ellipsis when it was longer. */
    static String clip(String text, int max) {
        if (length(text) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, Math.max(0, max - 1))) + "…";
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * {@code text} safe inside an XML element or attribute: markup characters escaped, and
     * characters XML 1.0 does not allow (most control characters, lone surrogates) replaced by U+FFFD.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD
                            || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
                    out.appendCodePoint(allowed ? cp : 0xFFFD);
                }
            }
        }
        return out.toString();
    }
}
