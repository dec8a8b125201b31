package dev.netc.maven;

import dev.netc.dsl.diag.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates one Java class per {@code .net} file, bundles each network's {@code weights} file next
 * to its class, writes its summary table and SVG diagram to {@code target/netc/NAME.txt} and
 * {@code NAME.svg}, and adds the generated sources and resources to the build.
 *
 * <p>A {@code .net} file is skipped, not even parsed, when neither it, nor its weights, nor its
 * outputs, nor the configuration and the plugin changed since the last build (the build state in
 * {@code target/netc}; see BuildState).
 * Only files whose output changed are rewritten, and outputs whose source is gone are removed.
 * Each network whose outputs changed gets a one-line summary in the log (the full table with
 * {@code -X}). Every error of every file is logged, then the build fails; files with errors produce
 * no new output.
 *
 * <p>Thread-safe ({@code threadSafe = true}): Maven makes an instance per execution, the instances share
 * no state, and modules built in parallel ({@code mvn -T}) each write their own folders.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

    /** Where the {@code .net} files are; sub-folders become packages unless {@code packageName} is set. */
    @Parameter(property = "netc.sourceDirectory", defaultValue = "${project.basedir}/src/main/net")
    private File sourceDirectory;

    /** Where generated {@code .java} files are written; added to the compile source roots. */
    @Parameter(property = "netc.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/netc")
    private File outputDirectory;

    /** Where bundled weight files are written; added to the project's resources. */
    @Parameter(property = "netc.resourceDirectory",
            defaultValue = "${project.build.directory}/generated-resources/netc")
    private File resourceDirectory;

    /** The package of every generated class. Default: each file's folder below {@code sourceDirectory}. */
    @Parameter(property = "netc.packageName")
    private String packageName;

    /** Files to take, as globs relative to {@code sourceDirectory}. */
    @Parameter
    private List<String> includes = List.of("**/*.net");

    /** Files to leave out, as globs relative to {@code sourceDirectory}. */
    @Parameter
    private List<String> excludes = List.of();

    /** Skips generation. */
    @Parameter(property = "netc.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Deprecated, and does nothing: the generated classes choose the Vector API when the program
     * runs, if the JVM was started with {@code --add-modules jdk.incubator.vector}. Still accepted,
     * with a warning, for one release.
     */
    @Deprecated
    @Parameter(property = "netc.vectorApi", defaultValue = "false")
    private boolean vectorApi;

    static final String VECTOR_API_DEPRECATED = "netc: <vectorApi> (netc.vectorApi) is deprecated and does nothing:"
            + " the Vector API is now chosen when the program runs, with --add-modules jdk.incubator.vector";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution execution;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("netc: skipped (netc.skip)");
            return;
        }
        if (vectorApi) {
            getLog().warn(VECTOR_API_DEPRECATED);
        }
        GenerateRequest request = new GenerateRequest(
                project.getBasedir().toPath().toAbsolutePath().normalize(),
                sourceDirectory.toPath().toAbsolutePath().normalize(),
                includes,
                excludes,
                outputDirectory.toPath().toAbsolutePath().normalize(),
                resourceDirectory.toPath().toAbsolutePath().normalize(),
                project.getBasedir().toPath().resolve(project.getBuild().getDirectory()).resolve("netc")
                        .toAbsolutePath().normalize(),
                execution.getExecutionId(),
                Optional.ofNullable(packageName).map(String::trim).filter(p -> !p.isEmpty()),
                snapshotJars());
        Optional<String> packageProblem = NetcBuild.configuredPackageProblem(request.packageName());
        if (packageProblem.isPresent()) {
            // The configuration's mistake, once: not a diagnostic on line 1 of every .net file.
            getLog().error(packageProblem.get());
            throw new MojoFailureException(packageProblem.get());
        }
        if (!Files.isDirectory(request.sourceDirectory()) && "pom".equals(project.getPackaging())) {
            // A parent POM that declares the plugin for its modules has no .net files of its own.
            getLog().debug("netc: no sourceDirectory in a project of packaging pom; nothing to generate");
            return;
        }
        if (!Files.isDirectory(request.sourceDirectory())) {
            // Likely a mistyped path; antlr4-maven-plugin says so too.
            getLog().warn("netc: sourceDirectory " + request.sourceDirectory() + " is not a folder; no .net files"
                    + " to generate from");
        }
        long started = System.nanoTime();
        NetcBuild.Result result;
        try {
            result = new NetcBuild(request).run();
        } catch (IOException e) {
            throw new MojoExecutionException("netc: cannot write generated files: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A bug, not a user error: say so in one line; Maven shows the trace with -e.
            throw new MojoExecutionException("netc: unexpected failure (please report it): " + e, e);
        }
        project.addCompileSourceRoot(request.outputDirectory().toString());
        addResourceRoot(request.resourceDirectory().toString());
        for (Diagnostic diagnostic : result.diagnostics()) {
            getLog().error(diagnostic.format());
        }
        Path base = request.projectDirectory();
        for (NetcBuild.NetworkReport report : result.reports()) {
            if (report.changed()) {
                getLog().info("netc: " + report.describe(base));
            }
            if (getLog().isDebugEnabled()) {
                getLog().debug("netc: " + report.summaryFile().getFileName() + ":\n" + table(report));
            }
        }
        if (result.failed()) {
            throw new MojoFailureException(failure(result));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String networks = result.networks() + " network" + (result.networks() == 1 ? "" : "s");
        if (result.nothingChanged()) {
            getLog().info(String.format("netc: %s, nothing changed (%d ms)", networks, millis));
        } else {
            getLog().info(String.format("netc: %s, %d file%s written, %d removed (%d unchanged, %d ms)", networks,
                    result.written(), result.written() == 1 ? "" : "s", result.removed(), result.unchanged(), millis));
        }
    }

    /**
     * The size and time of each snapshot jar of the plugin (netc-codegen's among them): a snapshot
     * rebuilt keeps its version, and its classes must still count as another generator. Empty for a
     * release, whose jars never change. Asked of Maven, so that no class is loaded for it.
     */
    private String snapshotJars() {
        StringBuilder jars = new StringBuilder();
        List<Artifact> artifacts = plugin.getArtifacts() != null ? plugin.getArtifacts() : List.of();
        for (Artifact artifact : artifacts) {
            File file = artifact.getFile();
            if (artifact.isSnapshot() && file != null) {
                jars.append(artifact.getArtifactId()).append(' ').append(file.length()).append(' ')
                        .append(file.lastModified()).append(' ');
            }
        }
        return jars.toString().trim();
    }

    private static String table(NetcBuild.NetworkReport report) {
        try {
            return report.fullTable();
        } catch (IOException e) {
            return "(cannot read " + report.summaryFile() + ": " + e.getMessage() + ")";
        }
    }

    /** {@code netc: 150 errors in 1 .net file; ...}: every error counted, also those past the 100 reported per file. */
    static String failure(NetcBuild.Result result) {
        long files = result.diagnostics().stream().map(Diagnostic::file).distinct().count();
        return "netc: " + result.errors() + " error" + (result.errors() == 1 ? "" : "s") + " in " + files
                + " .net file" + (files == 1 ? "" : "s") + "; see the messages above";
    }

    private void addResourceRoot(String directory) {
        boolean present = project.getResources().stream().anyMatch(r -> directory.equals(r.getDirectory()));
        if (!present) {
            Resource resource = new Resource();
            resource.setDirectory(directory);
            project.addResource(resource);
        }
    }
}
