package dev.netc.maven;

import dev.netc.onnx.ImportedNetwork;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.OnnxImporter;
import dev.netc.runtime.io.IoErrors;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Imports trained multilayer perceptrons from ONNX: each {@code .onnx} file becomes a {@code .net}
 * file and its {@code .npz} weights (with a {@code weights} directive), which {@code netc:generate}
 * then turns into a class. Sub-folders of {@code onnxDirectory} are kept, so they become packages.
 * Files whose content would not change are left alone. Every refused file is logged, then the
 * build fails.
 *
 * <p>Run it once ({@code mvn netc:import -Dnetc.onnxFile=model.onnx}, no project needed) and
 * commit the result, or bind it before {@code generate} to import on every build.
 *
 * <p>Thread-safe ({@code threadSafe = true}): Maven makes an instance per execution and the instances
 * share no state.
 */
@Mojo(name = "import", defaultPhase = LifecyclePhase.GENERATE_SOURCES, requiresProject = false, threadSafe = true)
public final class ImportMojo extends AbstractMojo {

    /** One ONNX file to import. When set, {@code onnxDirectory} is not searched. */
    @Parameter(property = "netc.onnxFile")
    private File onnxFile;

    /** Where {@code .onnx} files are imported from, sub-folders included. Default: {@code src/main/onnx}. */
    @Parameter(property = "netc.onnxDirectory")
    private File onnxDirectory;

    /**
     * Where the {@code .net} and {@code .npz} files are written: the {@code generate} goal's source
     * folder. Default: {@code src/main/net}.
     */
    @Parameter(property = "netc.onnxOutputDirectory")
    private File outputDirectory;

    /** The project, or Maven's stand-in without a base folder when the goal runs without one. */
    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    /** The network's class name, for {@code onnxFile} only. Default: the file name in UpperCamelCase. */
    @Parameter(property = "netc.onnxNetworkName")
    private String networkName;

    /** Skips the import. */
    @Parameter(property = "netc.onnxSkip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("netc: import skipped (netc.onnxSkip)");
            return;
        }
        // Without a project ${project.basedir} would stay unresolved: defaults then start from the current folder.
        Path base = project != null && project.getBasedir() != null ? project.getBasedir().toPath() : Path.of("");
        Path out = (outputDirectory != null ? outputDirectory.toPath() : base.resolve("src/main/net"))
                .toAbsolutePath().normalize();
        List<Path[]> jobs = new ArrayList<>();
        if (onnxFile != null) {
            jobs.add(new Path[] {onnxFile.toPath(), out});
        } else {
            Path root = (onnxDirectory != null ? onnxDirectory.toPath() : base.resolve("src/main/onnx"))
                    .toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                getLog().info("netc: no ONNX folder " + root + "; nothing to import");
                return;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx"))
                        .filter(Files::isRegularFile).sorted()
                        .forEach(p -> jobs.add(new Path[] {p, out.resolve(root.relativize(p.getParent()).toString())}));
            } catch (IOException e) {
                throw new MojoExecutionException("netc: cannot list " + root + ": " + e.getMessage(), e);
            }
            if (networkName != null) {
                throw new MojoFailureException("netc: networkName applies to one onnxFile, not to a folder");
            }
        }
        Map<Path, Path> classes = new HashMap<>();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (Path[] job : jobs) {
            outcomes.merge(importOne(job[0], job[1], classes), 1, Integer::sum);
        }
        int failed = outcomes.getOrDefault(Outcome.REFUSED, 0);
        int written = outcomes.getOrDefault(Outcome.WRITTEN, 0);
        if (failed > 0) {
            throw new MojoFailureException("netc: " + failed + " of " + jobs.size() + " ONNX file"
                    + (jobs.size() == 1 ? "" : "s") + " could not be imported; see the messages above");
        }
        String files = jobs.size() + " ONNX file" + (jobs.size() == 1 ? "" : "s");
        getLog().info(written == jobs.size() ? "netc: " + files + " imported"
                : "netc: " + files + ", " + written + " imported, " + (jobs.size() - written)
                        + " unchanged since their last import");
    }

    /** What became of one ONNX file. */
    private enum Outcome { WRITTEN, UNCHANGED, REFUSED }

    /**
     * Imports {@code file} into {@code folder}, logging why when it cannot, naming the file by its
     * whole path (sub-folders may hold files of the same name). {@code classes} maps each class
     * imported so far (its folder and name) to its ONNX file.
     */
    private Outcome importOne(Path file, Path folder, Map<Path, Path> classes) {
        ImportedNetwork net;
        try {
            net = OnnxImporter.read(file, networkName);
        } catch (OnnxImportException e) {
            return refused(file + ": " + e.problem());
        } catch (IOException e) {
            return refused(IoErrors.message(file, e));
        } catch (RuntimeException e) {
            // Not expected: one file's failure must not hide what the others give.
            return refused(file + ": internal error: " + e + " (please report this with the file)");
        }
        // my-model.onnx and my_model.onnx both make class MyModel: the second would fail in generate,
        // with advice ('network Name;') that the next import would overwrite.
        Path other = classes.putIfAbsent(folder.resolve(net.name()), file);
        if (other != null) {
            return refused(file + ": imports as class " + net.name() + ", as " + other + " does; rename one of"
                    + " the .onnx files");
        }
        try {
            ImportedNetwork.Written written = net.write(folder);
            if (!written.changed()) {
                getLog().debug("netc: " + file.getFileName() + " unchanged since its last import");
                return Outcome.UNCHANGED;
            }
            getLog().info("netc: imported " + file.getFileName() + " as " + net.name() + " -> "
                    + written.netFile());
            net.notes().forEach(n -> getLog().info("netc:   " + n));
            return Outcome.WRITTEN;
        } catch (IOException e) {
            return refused("cannot write the import of " + file + " to " + folder + ": " + IoErrors.describe(e));
        } catch (RuntimeException e) {
            return refused(file + ": internal error: " + e + " (please report this with the file)");
        }
    }

    private Outcome refused(String problem) {
        getLog().error(problem);
        return Outcome.REFUSED;
    }
}
