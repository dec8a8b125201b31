package dev.netc.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Replacing files so that nobody ever sees half of one: the new content goes to a temporary file
 * in the same folder, is flushed to disk, and is then renamed over the target, so a reader (or a
 * build that fails or is killed) sees the old file or the new one. The temporary file is removed
 * whatever happens, and gets the permissions any new file gets (the umask's), not the owner-only
 * ones of {@link Files#createTempFile}. Stateless; safe to use from any thread, though two threads
 * replacing the same file race as they would with any file.
 */
public final class AtomicFiles {
    private static final int BUFFER = 64 * 1024;

    /**
     * Seeded when the first file is replaced, not when the class loads: a build that finds every file
     * unchanged ({@link #writeIfChanged}) never pays for it.
     */
    private static final class TempNames {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private AtomicFiles() {}

    /** Writes what goes into a replaced file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Why a folder cannot be replaced by a file, as the message of the exception that says so. */
    public static final String IS_A_FOLDER = "it is a folder, not a file; name the file to write";

    /**
     * Replaces {@code file} (creating its folders) with what {@code content} writes.
     *
     * @throws IOException naming {@code file} (never the temporary file beside it) when it is a folder,
     *     or when it cannot be written
     */
    public static void replace(Path file, Content content) throws IOException {
        if (Files.isDirectory(file)) {
            // The rename would fail only after the content was written, naming the temporary file.
            throw new FileSystemException(file.toString(), null, IS_A_FOLDER);
        }
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp;
        try {
            temp = createTemp(folder, file.getFileName().toString());
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(file.toString(), null, "permission denied (cannot create files in "
                    + folder + ")");
        } catch (FileSystemException e) {
            throw new FileSystemException(file.toString(), null, e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName());
        }
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                // Durable before the rename makes it visible.
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (FileSystemException e) {
                // "TEMP -> FILE: reason" would name a file the caller never heard of.
                if (Files.isDirectory(file)) {
                    throw new FileSystemException(file.toString(), null, IS_A_FOLDER);
                }
                throw e instanceof AccessDeniedException ? new AccessDeniedException(file.toString(), null,
                        e.getReason()) : new FileSystemException(file.toString(), null, e.getReason());
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Replaces {@code file} with {@code content} unless it already holds exactly that, so that
     * builds after it see nothing new (same bytes, same timestamp).
     *
     * @return whether it wrote
     */
    public static boolean writeIfChanged(Path file, byte[] content) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == content.length
                && Arrays.equals(Files.readAllBytes(file), content)) {
            return false;
        }
        replace(file, out -> out.write(content));
        return true;
    }

    /**
     * Copies {@code source} over {@code file} unless it already holds the same bytes; both are
     * streamed, so a file of gigabytes costs no more memory than a small one.
     *
     * @return whether it copied
     */
    public static boolean copyIfChanged(Path source, Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == Files.size(source) && sameContent(source, file)) {
            return false;
        }
        replace(file, out -> Files.copy(source, out));
        return true;
    }

    private static Path createTemp(Path folder, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = folder.resolve("." + name + "." + Long.toUnsignedString(TempNames.RANDOM.nextLong(), 36) + ".tmp");
            try {
                // CREATE_NEW honours the umask like any new file, and never opens an existing one.
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
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
}
