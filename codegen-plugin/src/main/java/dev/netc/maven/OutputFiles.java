package dev.netc.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes generated files so that builds stay incremental and never leave half a file: unchanged
 * content is not rewritten (same bytes, same timestamp, nothing for the compiler to redo), and new
 * content goes to a temporary file in the same folder that is then moved over the old one, so a
 * reader (or a build that fails or is killed) sees the old file or the new one, never a mix. The
 * temporary file is removed whatever happens.
 *
 * <p>New files get the permissions any program's new files get (the umask's, e.g. 0644), as
 * {@link Files#write} would give them, not the owner-only 0600 of {@link Files#createTempFile}.
 */
final class OutputFiles {
    private static final int BUFFER = 64 * 1024;

    private OutputFiles() {}

    /** Writes {@code content} to {@code file} unless it already holds exactly that; true if it wrote. */
    static boolean writeIfChanged(Path file, byte[] content) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == content.length
                && Arrays.equals(Files.readAllBytes(file), content)) {
            return false;
        }
        replace(file, out -> out.write(content));
        return true;
    }

    /**
     * Copies {@code source} to {@code file} unless it already holds the same bytes; true if it
     * copied. Both are streamed, so a weight file of gigabytes costs no more memory than a small one.
     */
    static boolean copyIfChanged(Path source, Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == Files.size(source) && sameContent(source, file)) {
            return false;
        }
        replace(file, out -> Files.copy(source, out));
        return true;
    }

    /** What goes into the temporary file. */
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void replace(Path file, Content content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = createTemp(folder, file.getFileName().toString());
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new, empty, hidden file beside {@code name}, created with the default permissions. */
    private static Path createTemp(Path folder, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = folder.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        try (InputStream inA = Files.newInputStream(a); InputStream inB = Files.newInputStream(b)) {
            byte[] bufA = new byte[BUFFER];
            byte[] bufB = new byte[BUFFER];
            while (true) {
                int n = inA.readNBytes(bufA, 0, BUFFER);
                int m = inB.readNBytes(bufB, 0, BUFFER);
                if (n != m || !Arrays.equals(bufA, 0, n, bufB, 0, m)) {
                    return false;
                }
                if (n < BUFFER) {
                    return true;
                }
            }
        }
    }

    /** Deletes {@code file}, then any folders it leaves empty up to (not including) {@code root}. */
    static void deleteAndPrune(Path file, Path root) throws IOException {
        Files.deleteIfExists(file);
        Path folder = file.getParent();
        while (folder != null && !folder.equals(root) && folder.startsWith(root) && isEmptyFolder(folder)) {
            Files.delete(folder);
            folder = folder.getParent();
        }
    }

    private static boolean isEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
