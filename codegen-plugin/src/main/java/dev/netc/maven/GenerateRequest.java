package dev.netc.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything one run of {@code netc:generate} needs, resolved from the Maven configuration.
 *
 * @param projectDirectory the project's base folder; weight files must stay inside it or {@code sourceDirectory}
 * @param sourceDirectory where {@code .net} files are found
 * @param includes globs of files to take, relative to {@code sourceDirectory}
 * @param excludes globs of files to leave out
 * @param outputDirectory where generated {@code .java} files go
 * @param resourceDirectory where bundled weight files go, next to their class's package path
 * @param stateDirectory where the list of files this execution owns is kept between builds
 * @param executionId names the state, so two executions in one project do not mix
 * @param packageName the package of every class, or empty to use each file's folder
 * @param generator what else tells one build of the plugin from another of the same version (the
 *     jars of a snapshot, which change without their version changing); empty for a release
 *
 * <p>Immutable and thread-safe.
 */
public record GenerateRequest(
        Path projectDirectory,
        Path sourceDirectory,
        List<String> includes,
        List<String> excludes,
        Path outputDirectory,
        Path resourceDirectory,
        Path stateDirectory,
        String executionId,
        Optional<String> packageName,
        String generator) {

    public GenerateRequest {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }
}
