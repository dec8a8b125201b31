package dev.netc.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One dimension of a tensor as far as the importer knows it: a number, or a symbol (the batch
 * size, say) that stands for the same unknown number wherever it appears; and the arithmetic of
 * shapes made of them.
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

    /** The product of {@code ds}: a number when all are known, else their symbols joined by *. */
    static Dim product(List<Dim> ds) {
        if (ds.size() == 1) {
            return ds.get(0);
        }
        long p = 1;
        for (Dim d : ds) {
            if (!d.known()) {
                return Dim.symbol(ds.stream().map(Dim::toString).collect(Collectors.joining("*")));
            }
            p *= d.value();
        }
        return Dim.of(p);
    }

    /** The size a -1 stands for: the input's element count over the other output dimensions. */
    static Optional<Dim> quotient(List<Dim> input, List<Dim> out, int skip) {
        List<String> syms = new ArrayList<>();
        long known = knownProduct(input, syms);
        List<Dim> others = new ArrayList<>(out);
        others.remove(skip);
        List<String> otherSyms = new ArrayList<>();
        long divisor = knownProduct(others, otherSyms);
        for (String sym : otherSyms) {
            if (!syms.remove(sym)) {
                return Optional.empty();
            }
        }
        if (divisor == 0 || known % divisor != 0) {
            return Optional.empty();
        }
        long q = known / divisor;
        if (syms.isEmpty()) {
            return Optional.of(Dim.of(q));
        }
        if (q == 1 && syms.size() == 1) {
            return Optional.of(Dim.symbol(syms.get(0)));
        }
        return Optional.of(Dim.symbol(String.join("*", syms) + (q == 1 ? "" : "*" + q)));
    }

    /** Whether {@code a} and {@code b} hold as many values, an unknown batch size matching a fixed one. */
    static boolean sameProduct(List<Dim> a, List<Dim> b) {
        List<String> sa = new ArrayList<>();
        List<String> sb = new ArrayList<>();
        long pa = knownProduct(a, sa);
        long pb = knownProduct(b, sb);
        sa.sort(null);
        sb.sort(null);
        // An unknown batch size against a fixed one (a model exported for batch 1) counts as the same.
        if (sa.isEmpty() != sb.isEmpty()) {
            return true;
        }
        return pa == pb && sa.equals(sb);
    }

    /**
     * The product of the known dimensions of {@code ds}; the symbols of the others go to {@code symbols},
     * a product such as {@code N*2} as its factors (so that (N, 2) and (N*2) hold as many values).
     */
    private static long knownProduct(List<Dim> ds, List<String> symbols) {
        long product = 1;
        for (Dim d : ds) {
            if (d.known()) {
                product *= d.value();
                continue;
            }
            for (String factor : d.symbol().split("\\*")) {
                if (factor.matches("\\d+")) {
                    product *= Long.parseLong(factor);
                } else {
                    symbols.add(factor);
                }
            }
        }
        return product;
    }
}
