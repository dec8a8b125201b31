package dev.netc.dsl.diag;

/**
 * A place in a source file: 1-based line and 1-based column (in characters; a tab counts as one).
 *
 * <p>Immutable and thread-safe.
 */
public record Position(int line, int column) implements Comparable<Position> {
    /** The start of a file, for problems that concern the file as a whole. */
    public static final Position START = new Position(1, 1);

    @Override
    public int compareTo(Position other) {
        return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
