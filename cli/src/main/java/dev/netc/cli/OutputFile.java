package dev.netc.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The file an {@code --output} option names, checked the same way for every command before any work
 * is done: it must end in one of the command's extensions ({@code diagram -o out.png} would be SVG in
 * a {@code .png}), must not end in a folder separator ({@code out.csv/} is a folder to the shell),
 * and its folder must exist: as the shell's {@code >} and {@code np.save}, netc creates no folders for
 * an output file, so a mistyped folder is not silently made.
 *
 * <p>Thread-safe: stateless.
 */
final class OutputFile {
    private OutputFile() {}

    /**
     * The path {@code value} names.
     *
     * @param option the option as the message names it, e.g. {@code --output}
     * @param extensions the accepted extensions, lower case with their dot: {@code .csv}, {@code .npy}
     * @throws Problem a usage error (2) for a name that cannot be the file, an input error (1) for a
     *     folder that does not exist or a folder in the file's place
     */
    static Path check(String option, String value, List<String> extensions) {
        String expected = "name " + (extensions.size() == 1 ? article(extensions.get(0)) + " " + extensions.get(0)
                : "a " + String.join(" or ", extensions)) + " file";
        if (value.endsWith("/") || value.endsWith(java.io.File.separator)) {
            throw Problem.usage(option + " " + value + ": ends with '" + value.charAt(value.length() - 1)
                    + "', so it names a folder; " + expected);
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw Problem.usage(option + " " + value + " is not a valid path");
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (extensions.stream().noneMatch(name::endsWith)) {
            throw Problem.usage(option + " " + value + ": " + expected);
        }
        if (Files.isDirectory(path)) {
            throw Problem.input("cannot write " + path + ": it is a folder");
        }
        Path folder = path.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            Path shown = path.getParent() != null ? path.getParent() : folder;
            throw Problem.input("cannot write " + path + ": " + (Files.exists(folder) ? shown + " is not a folder"
                    : "the folder " + shown + " does not exist (create it first)"));
        }
        return path;
    }

    private static String article(String extension) {
        return "aeiou".indexOf(Character.toLowerCase(extension.charAt(1))) >= 0 ? "an" : "a";
    }
}
