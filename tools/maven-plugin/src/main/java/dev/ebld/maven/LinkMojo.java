package dev.ebld.maven;

import dev.ebld.linker.InternalLinkerError;
import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linked;
import dev.ebld.linker.Linker;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

import javax.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Links the project's BPF objects into one object with ebld's static linker. By default the
 * result goes to {@code target/classes/bpf/<artifactId>.bpf.o}, so the jar carries it.
 *
 * <p>The goal is skipped when nothing changed since its last successful run: see
 * {@link LinkStamp}. Linker diagnostics go to Maven's log; a failed link fails the build with
 * the linker's located messages.
 */
@Mojo(name = "link", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class LinkMojo extends AbstractEbldMojo {
    static final String UP_TO_DATE = "ebld: link is up to date, skipping";

    /** The linked object to write. */
    @Parameter(property = "ebld.output", required = true,
            defaultValue = "${project.build.outputDirectory}/bpf/${project.artifactId}.bpf.o")
    protected File output;

    /** Fail the link when any symbol stays undefined, listing every place that references it. */
    @Parameter(property = "ebld.noUndefined", defaultValue = "false")
    protected boolean noUndefined;

    /** Also write a link map (which input section went where) to this file. */
    @Parameter(property = "ebld.mapFile")
    protected File mapFile;

    /** Attach the linked object to the project as an extra artifact, classifier {@code bpf}, type {@code o}. */
    @Parameter(property = "ebld.attach", defaultValue = "false")
    protected boolean attach;

    /**
     * Holds the fingerprint of the last successful link; under target/, so {@code mvn clean}
     * resets it. An execution with its own id (a second link in one project) uses
     * {@code link-<id>.stamp} beside it, so two links do not keep invalidating each other.
     */
    @Parameter(defaultValue = "${project.build.directory}/ebld/link.stamp", readonly = true, required = true)
    protected File stampFile;

    /** Part of the fingerprint: a new plugin (and linker) relinks. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    protected String pluginVersion;

    /** Which execution this is; names the stamp of a non-default execution. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    protected MojoExecution mojoExecution;

    /** The plugin as Maven resolved it; its jars are part of the fingerprint. */
    @Parameter(defaultValue = "${plugin}", readonly = true)
    protected PluginDescriptor plugin;

    private final MavenProjectHelper projectHelper;

    @Inject
    public LinkMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        List<LinkInput> linkLine = collectInputs();
        if (linkLine.isEmpty()) {
            getLog().info("ebld: no inputs (" + String.join(", ", includes()) + " in " + inputDirectory()
                    + ", no archives); nothing to link");
            return;
        }
        LinkJob job = new LinkJob(linkLine, output.toPath(), Optional.ofNullable(mapFile).map(File::toPath),
                new LinkOptions(noUndefined));
        try {
            linkUnlessUpToDate(job);
        } catch (IOException e) {
            throw new MojoExecutionException("ebld: " + e, e);
        }
        if (attach) {
            projectHelper.attachArtifact(project, "o", "bpf", output);
        }
    }

    private void linkUnlessUpToDate(LinkJob job)
            throws IOException, MojoFailureException, MojoExecutionException {
        LinkStamp stamp = new LinkStamp(stampPath());
        String fingerprint = LinkStamp.fingerprint(job, LinkStamp.toolIdentity(pluginVersion, pluginJars()));
        if (stamp.isUpToDate(fingerprint, job)) {
            getLog().info(UP_TO_DATE);
            return;
        }
        stamp.invalidate();
        link(job);
        // The output is written: from now on the same inputs and parameters need no relink.
        stamp.record(fingerprint, job);
    }

    private Path stampPath() {
        Path path = stampFile.toPath();
        String id = mojoExecution == null ? null : mojoExecution.getExecutionId();
        if (id == null || id.equals("default") || id.equals("default-cli")) {
            return path;
        }
        return path.resolveSibling("link-" + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".stamp");
    }

    /** The jars this plugin runs from, in Maven's order; none when run outside Maven (tests). */
    private List<Path> pluginJars() {
        Set<Path> jars = new LinkedHashSet<>();
        if (plugin != null) {
            if (plugin.getPluginArtifact() != null && plugin.getPluginArtifact().getFile() != null) {
                jars.add(plugin.getPluginArtifact().getFile().toPath());
            }
            for (Artifact a : plugin.getArtifacts()) {
                if (a.getFile() != null) {
                    jars.add(a.getFile().toPath());
                }
            }
        }
        return List.copyOf(jars);
    }

    private void link(LinkJob job) throws IOException, MojoFailureException, MojoExecutionException {
        getLog().info("ebld: linking " + job.inputs().size() + " input(s) into " + job.output());
        for (LinkInput in : job.inputs()) {
            getLog().debug("ebld:   " + in.path() + (in.wholeArchive() ? " (whole archive)" : ""));
        }
        createParent(job.output());
        if (job.mapFile().isPresent()) {
            createParent(job.mapFile().get());
        }
        try {
            Linked result = linkOrRemoveStale(job);
            diagnosticLog().report(result.warnings());
            result.write(job.output());
            if (job.mapFile().isPresent()) {
                result.writeMap(job.mapFile().get());
            }
        } catch (LinkException e) {
            diagnosticLog().report(e.diagnostics());
            throw new MojoFailureException("ebld: link failed:\n" + e.getMessage(), e);
        } catch (InternalLinkerError e) {
            // Not the project's fault: Maven shows this as an error in the plugin, with the trace under -e.
            throw new MojoExecutionException("ebld: " + e.getMessage(), e);
        }
    }

    /** Links in memory; a failed link removes a stale output so no old object passes for the new one. */
    private static Linked linkOrRemoveStale(LinkJob job) throws LinkException, IOException {
        try {
            return Linker.link(job.inputs(), job.options());
        } catch (LinkException e) {
            Files.deleteIfExists(job.output());
            throw e;
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
