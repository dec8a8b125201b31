package dev.netc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removing generated files without leaving empty package folders behind. Writing them goes through
 * {@link dev.netc.runtime.io.AtomicFiles}: unchanged content is not rewritten, new content replaces
 * the old atomically. Stateless.
 */
final class OutputFiles {
    private OutputFiles() {}

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
