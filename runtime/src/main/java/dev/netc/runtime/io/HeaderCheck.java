package dev.netc.runtime.io;

import java.io.IOException;

/**
 * A caller's veto over each array of a weight file, consulted after the array's {@code .npy}
 * header has been parsed and before any of its data is read or allocated.
 *
 * <p>Callers who know what they expect (names, dtypes, shapes) should refuse anything else here,
 * so that a header claiming, say, shape {@code (100000, 100000)} costs nothing. The reader
 * prefixes the exception's message with the file and array name, so a message like {@code
 * "expected shape (4, 16)"} is enough.
 *
 * <p>Called on the thread that reads the file, once per array; an implementation shared by concurrent
 * reads must be thread-safe itself.
 */
@FunctionalInterface
public interface HeaderCheck {
    /** Accepts every header (the reader's own limits still apply). */
    HeaderCheck NONE = header -> {};

    /**
     * Inspects one array's header.
     *
     * @param header what the header says; its shape is already known to be well formed and small
     *     enough for a Java array
     * @throws IOException to refuse the array; reading stops and the exception is rethrown with
     *     the file and array name prepended
     */
    void check(NpyHeader header) throws IOException;
}
