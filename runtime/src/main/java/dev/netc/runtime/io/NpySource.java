package dev.netc.runtime.io;

import java.io.IOException;

/** Where {@link NpyFormat} reads one {@code .npy} array from: a zip entry, or a file of its own. */
interface NpySource {
    /** Reads up to {@code len} bytes; -1 at the end. */
    int read(byte[] b, int off, int len) throws IOException;

    /** The number of bytes the source holds, or -1 when it is not known in advance. */
    long knownSize();

    /** True when nothing is left to read. */
    boolean atEnd() throws IOException;
}
