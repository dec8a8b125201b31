package dev.netc.dsl;

import dev.netc.runtime.Architecture;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code .net} file that passed every check: its architecture and, when it has a {@code weights}
 * directive, the weight file (already checked against the architecture).
 *
 * <p>Immutable and thread-safe.
 */
public record CheckedNetwork(Architecture architecture, Optional<Path> weightsFile) {}
