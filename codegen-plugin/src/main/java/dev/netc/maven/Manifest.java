package dev.netc.maven;

import dev.netc.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files one execution generated, per source file, kept between builds so the next build can
 * remove what no longer has a source (a deleted or renamed network) without touching anything else
 * in the output folders. Written only after a build's outputs are in place.
 */
final class Manifest {
    private final Map<Path, List<Path>> outputsBySource;

    private Manifest(Map<Path, List<Path>> outputsBySource) {
        this.outputsBySource = outputsBySource;
    }

    static Manifest empty() {
        return new Manifest(new TreeMap<>());
    }

    /** The manifest in {@code file}, or an empty one when there is none or it is unreadable. */
    static Manifest read(Path file) {
        Map<Path, List<Path>> outputs = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return new Manifest(outputs);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t");
                if (parts.length >= 1 && !parts[0].isEmpty()) {
                    List<Path> files = new java.util.ArrayList<>();
                    for (int i = 1; i < parts.length; i++) {
                        files.add(Path.of(parts[i]));
                    }
                    outputs.put(Path.of(parts[0]), files);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A damaged manifest only costs the clean-up of stale files; the build itself is unaffected.
            return new Manifest(new TreeMap<>());
        }
        return new Manifest(outputs);
    }

    Set<Path> sources() {
        return outputsBySource.keySet();
    }

    List<Path> outputs(Path source) {
        return outputsBySource.getOrDefault(source, List.of());
    }

    void put(Path source, List<Path> outputs) {
        outputsBySource.put(source, List.copyOf(outputs));
    }

    /** For each source, the outputs listed here and in {@code other}. */
    Manifest mergedWith(Manifest other) {
        Map<Path, List<Path>> merged = new TreeMap<>();
        for (Manifest m : List.of(this, other)) {
            m.outputsBySource.forEach((source, outputs) -> {
                java.util.LinkedHashSet<Path> union = new java.util.LinkedHashSet<>(merged.getOrDefault(source,
                        List.of()));
                union.addAll(outputs);
                merged.put(source, List.copyOf(union));
            });
        }
        return new Manifest(merged);
    }

    /** As {@link #write}, ignoring failure: used while another failure is already being reported. */
    void writeQuietly(Path file) {
        try {
            write(file);
        } catch (IOException | RuntimeException e) {
            // The build reports the first failure; losing the manifest only costs some clean-up later.
        }
    }

    void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Path, List<Path>> e : new LinkedHashMap<>(outputsBySource).entrySet()) {
            text.append(e.getKey());
            for (Path output : e.getValue()) {
                text.append('\t').append(output);
            }
            text.append('\n');
        }
        AtomicFiles.writeIfChanged(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
