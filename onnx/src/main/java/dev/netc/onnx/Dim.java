package dev.netc.onnx;

/**
 * One dimension of a tensor as far as the importer knows it: a number, or a symbol (the batch
 * size, say) that stands for the same unknown number wherever it appears.
 */
record Dim(long value, String symbol) {
    static Dim of(long value) {
        return new Dim(value, null);
    }

    static Dim symbol(String symbol) {
        return new Dim(-1, symbol);
    }

    boolean known() {
        return symbol == null;
    }

    @Override
    public String toString() {
        return known() ? Long.toString(value) : symbol;
    }
}
