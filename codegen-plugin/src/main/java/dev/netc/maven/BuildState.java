package dev.netc.maven;

import dev.netc.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last build of one execution knew to be up to date, kept in {@code target/netc} so that a
 * build can skip parsing, checking and reading the weights of a {@code .net} file nothing of which
 * changed: per file, the fingerprints of the file and its weights, the size and time of each output
 * as that build left it, and what it needs to log and name outputs without the network.
 *
 * <p>The state holds for one configuration (the plugin's version and jars and every parameter that
 * affects the outputs); another configuration, a missing state or an unreadable one means a full
 * build. It is written, atomically, after a build's outputs are all in place, and lists only files
 * whose outputs that build wrote or found up to date. A file with errors is checked again by every
 * build; it keeps the entry of its last good outputs (which it also keeps), which match again only if
 * the file gets back the content they were made from.
 */
final class BuildState {
    private static final String HEADER = "netc-build-state 1";

    /**
     * One {@code .net} file whose outputs were up to date at the end of a build.
     *
     * @param source the fingerprint of the {@code .net} file
     * @param weights its {@code weights} file, if it has one
     * @param weightsFingerprint the fingerprint of {@code weights}, if it has one
     * @param qualifiedName the generated class
     * @param reportName the name of its summary and diagram in the state folder
     * @param line the one-line summary the build log shows
     * @param outputs every output, with its size and time as the build left it
     */
    record Entry(Fingerprint source, Optional<Path> weights, Optional<Fingerprint> weightsFingerprint,
            String qualifiedName, String reportName, String line, List<Output> outputs) {
        Entry {
            outputs = List.copyOf(outputs);
        }

        String simpleName() {
            return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
        }

        List<Path> outputFiles() {
            return outputs.stream().map(Output::file).toList();
        }

        /**
         * This entry, with fingerprints refreshed, if {@code sourceFile}, its weights and every output are
         * as it recorded them; empty if any changed or is gone.
         */
        Optional<Entry> recheck(Path sourceFile, Instant buildStart) {
            Optional<Fingerprint> sourceNow = source.recheck(sourceFile, buildStart);
            if (sourceNow.isEmpty()) {
                return Optional.empty();
            }
            Optional<Fingerprint> weightsNow = Optional.empty();
            if (weights.isPresent()) {
                weightsNow = weightsFingerprint.flatMap(f -> f.recheck(weights.get(), buildStart));
                if (weightsNow.isEmpty()) {
                    return Optional.empty();
                }
            }
            for (Output output : outputs) {
                if (!output.unchanged()) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Entry(sourceNow.get(), weights, weightsNow, qualifiedName, reportName, line,
                    outputs));
        }
    }

    /** An output file with its size and modification time (nanoseconds) when the build left it. */
    record Output(Path file, long size, long modified) {
        static Output of(Path file) throws IOException {
            BasicFileAttributes attributes = Fingerprint.attributes(file);
            return new Output(file, attributes.size(), Fingerprint.nanos(attributes));
        }

        /** Still there, same size and time: not deleted or edited since. */
        boolean unchanged() {
            try {
                BasicFileAttributes now = Fingerprint.attributes(file);
                return now.isRegularFile() && now.size() == size && Fingerprint.nanos(now) == modified;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private final String configuration;
    private final Map<Path, Entry> entries;

    private BuildState(String configuration, Map<Path, Entry> entries) {
        this.configuration = configuration;
        this.entries = entries;
    }

    static BuildState empty(String configuration) {
        return new BuildState(configuration, new TreeMap<>());
    }

    /**
     * The state in {@code file} if it was written for {@code configuration}; an empty state (a full
     * build) when there is none, it is damaged, or the configuration differs.
     */
    static BuildState read(Path file, String configuration) {
        if (!Files.isRegularFile(file)) {
            return empty(configuration);
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(0).equals(HEADER)
                    || !lines.get(1).equals("configuration\t" + escape(configuration))) {
                return empty(configuration);
            }
            Map<Path, Entry> entries = new TreeMap<>();
            for (String line : lines.subList(2, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f.length < 7 || (f.length - 7) % 2 != 0) {
                    return empty(configuration);
                }
                List<Output> outputs = new ArrayList<>();
                for (int i = 7; i < f.length; i += 2) {
                    String[] stamp = f[i + 1].split(":", -1);
                    if (stamp.length != 2) {
                        return empty(configuration);
                    }
                    outputs.add(new Output(Path.of(unescape(f[i])), Long.parseLong(stamp[0]),
                            Long.parseLong(stamp[1])));
                }
                Optional<Path> weights = f[2].isEmpty() ? Optional.empty() : Optional.of(Path.of(unescape(f[2])));
                Optional<Fingerprint> weightsFingerprint = f[3].isEmpty() ? Optional.empty()
                        : Optional.of(Fingerprint.parse(f[3]));
                if (weights.isPresent() != weightsFingerprint.isPresent()) {
                    return empty(configuration);
                }
                entries.put(Path.of(unescape(f[0])), new Entry(Fingerprint.parse(f[1]), weights, weightsFingerprint,
                        unescape(f[4]), unescape(f[5]), unescape(f[6]), outputs));
            }
            return new BuildState(configuration, entries);
        } catch (IOException | RuntimeException e) {
            // A damaged state only costs a full build.
            return empty(configuration);
        }
    }

    Optional<Entry> entry(Path source) {
        return Optional.ofNullable(entries.get(source));
    }

    void put(Path source, Entry entry) {
        entries.put(source, entry);
    }

    /** Writes the state atomically (readers see the old one or the new one), unless the file already holds it. */
    void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("configuration\t").append(escape(configuration)).append('\n');
        for (Map.Entry<Path, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            text.append(escape(e.getKey().toString()))
                    .append('\t').append(entry.source().format())
                    .append('\t').append(entry.weights().map(w -> escape(w.toString())).orElse(""))
                    .append('\t').append(entry.weightsFingerprint().map(Fingerprint::format).orElse(""))
                    .append('\t').append(escape(entry.qualifiedName()))
                    .append('\t').append(escape(entry.reportName()))
                    .append('\t').append(escape(entry.line()));
            for (Output output : entry.outputs()) {
                text.append('\t').append(escape(output.file().toString()))
                        .append('\t').append(output.size()).append(':').append(output.modified());
            }
            text.append('\n');
        }
        AtomicFiles.writeIfChanged(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Backslash, tab and line breaks escaped, so that any path or text fits in one tab-separated field. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == text.length()) {
                throw new IllegalArgumentException("a lone backslash at the end of " + text);
            }
            switch (text.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new IllegalArgumentException("unknown escape in " + text);
            }
        }
        return out.toString();
    }
}
