package dev.netc.runtime.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Short words for file-system failures, instead of exception class names: how netc's command line
 * and Maven goals word them.
 *
 * <p>Thread-safe: stateless.
 */
public final class IoErrors {
    private IoErrors() {}

    /** What went wrong, in a few words: "no such file or folder", "permission denied", ... */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            // The message would repeat the path the caller names already.
            return f.getReason().equals("Is a directory") || f.getReason().equals(AtomicFiles.IS_A_FOLDER)
                    ? "it is a folder" : f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * A failure to read {@code file}: "cannot read FILE: permission denied", or the exception's own
     * message, which the runtime's readers make name the file already.
     */
    public static String message(Path file, IOException e) {
        if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
            return "cannot read " + file + ": " + describe(e);
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.contains(file.getFileName().toString()) ? m : file + ": " + m;
    }
}
