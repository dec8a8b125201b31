package dev.netc.runtime.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One array in a file of its own, as {@code np.save} writes it ({@code .npy}), read and checked
 * exactly as the arrays of an {@code .npz} archive are: {@code <f4} or {@code <f8}, C or Fortran
 * order, format versions 1.0 to 3.0, every problem an {@link IOException} naming the file, and
 * memory bounded by what {@code check} accepted. Stateless; safe to use from any thread.
 */
public final class NpyFile {
    private static final int CHUNK_BYTES = 64 * 1024;

    private NpyFile() {}

    /**
     * Reads the array in {@code file}, named after the file without {@code .npy}; messages name the
     * file as given.
     *
     * @param check sees the header before any data is read and may refuse it
     */
    public static NpyArray read(Path file, HeaderCheck check) throws IOException {
        String fileName = String.valueOf(file.getFileName());
        String name = fileName.endsWith(".npy") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return NpyFormat.read(new StreamSource(in, Files.size(file)), name, DType.FLOATS, check,
                    NpyFormat.Where.file(file.toString()));
        }
    }

    /** Writes {@code array} as {@code np.save} would: format 1.0, C order, little-endian. */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        byte[] header = NpyFormat.header(array.dtype(), array.shape());
        out.write(header);
        NpzWriter.forEachChunk(array, new byte[CHUNK_BYTES], out::write);
        out.flush();
    }

    /** Writes {@code array} to {@code file}, replacing it atomically. */
    public static void write(Path file, NpyArray array) throws IOException {
        AtomicFiles.replace(file, out -> write(out, array));
    }

    /** A whole file as the one array's bytes. */
    private static final class StreamSource implements NpySource {
        private final InputStream in;
        private final long size;

        StreamSource(InputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public long knownSize() {
            return size;
        }

        @Override
        public boolean atEnd() throws IOException {
            in.mark(1);
            boolean end = in.read() < 0;
            in.reset();
            return end;
        }
    }
}
