package dev.netc.maven;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Writes generated files so that builds stay incremental and never leave half a file: unchanged
 * content is not rewritten (same bytes, same timestamp, nothing for the compiler to redo), and new
 * content goes to a temporary file that is then moved over the old one.
 */
final class OutputFiles {
    private OutputFiles() {}

    /** Writes {@code content} to {@code file} unless it already holds exactly that; true if it wrote. */
    static boolean writeIfChanged(Path file, byte[] content) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == content.length
                && Arrays.equals(Files.readAllBytes(file), content)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, content);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return true;
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
