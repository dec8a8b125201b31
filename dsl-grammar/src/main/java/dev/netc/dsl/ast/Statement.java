package dev.netc.dsl.ast;

import dev.netc.dsl.diag.Position;
import java.util.List;
import java.util.Optional;

/**
 * One statement of a {@code .net} file, as written.
 *
 * <p>Implementations are immutable records and thread-safe.
 */
public sealed interface Statement {
    /** Where the statement starts (its first token). */
    Position position();

    /** {@code network NAME;} */
    record NetworkDirective(Position position, Name name) implements Statement {}

    /** {@code input N;} */
    record InputDirective(Position position, NumberLiteral size) implements Statement {}

    /** {@code precision float|double;} */
    record PrecisionDirective(Position position, Name type) implements Statement {}

    /** {@code seed N;} */
    record SeedDirective(Position position, NumberLiteral value) implements Statement {}

    /** {@code weights "file.npz";} */
    record WeightsDirective(Position position, StringLiteral path) implements Statement {}

    /**
     * {@code dense IN -> OUT [activation] [key=value ...];} The activations are every bare call
     * written after the widths; the checks accept at most one.
     */
    record Dense(Position position, NumberLiteral inputs, NumberLiteral outputs, List<Call> activations,
            List<LayerOption> options) implements Statement {
        public Dense {
            activations = List.copyOf(activations);
            options = List.copyOf(options);
        }
    }

    /**
     * {@code dropout RATE [name=NAME];} The rate may be missing and calls may follow it, as written;
     * the checks report both.
     */
    record Dropout(Position position, Optional<NumberLiteral> rate, List<Call> calls, List<LayerOption> options)
            implements Statement {
        public Dropout {
            calls = List.copyOf(calls);
            options = List.copyOf(options);
        }
    }

    /** A standalone activation such as {@code softmax;} or {@code leaky_relu(0.2);}. */
    record ActivationStatement(Position position, Call activation) implements Statement {}

    /**
     * A statement the parser could not make sense of; it has been reported as a syntax error, and
     * checks that depend on what it said (such as the width chain across it) are skipped.
     */
    record Broken(Position position) implements Statement {}
}
