package dev.ebld.maven;

import dev.ebld.linker.LinkInput;
import org.apache.maven.model.FileSet;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every ebld goal shares: the {@code skip} switch, the BPF inputs (a file set of objects
 * plus archives, in link-line order), and reporting through Maven's log. A goal implements
 * {@link #run()}; {@link #execute()} has already handled {@code skip} and logged which JVM the
 * plugin runs on (the plugin runs inside Maven's own JVM, which may be as old as Java 17).
 */
public abstract class AbstractEbldMojo extends AbstractMojo {
    static final String DEFAULT_INPUT_DIRECTORY = "src/main/bpf";
    static final String DEFAULT_INCLUDE = "**/*.o";

    /** The project being built. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /**
     * The BPF objects to link, as a file set. Without it: every {@code **}{@code /*.o} under
     * {@code ${project.basedir}/src/main/bpf}. A relative {@code directory} is taken from the
     * project's base directory; without {@code includes}, {@code **}{@code /*.o}. Objects are
     * linked in the order of their relative paths.
     */
    @Parameter
    protected FileSet inputs;

    /**
     * Static archives, put on the link line after the objects in the order given. Each is
     * {@code <archive><file>...</file><wholeArchive>true|false</wholeArchive></archive>}.
     */
    @Parameter
    protected List<Archive> archives;

    /** Skip this goal. */
    @Parameter(property = "ebld.skip", defaultValue = "false")
    protected boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ebld: skipped (skip=true)");
            return;
        }
        getLog().info("ebld: running on Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")");
        run();
    }

    /** The goal's work, once {@code skip} has been honoured. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** The link line: the file set's objects, sorted, then the archives in the order given. */
    protected List<LinkInput> collectInputs() throws MojoExecutionException {
        List<LinkInput> result = new ArrayList<>();
        try {
            for (Path p : new InputScanner(includes(), excludes()).scan(inputDirectory())) {
                result.add(LinkInput.of(p));
            }
        } catch (IOException e) {
            throw new MojoExecutionException("ebld: cannot list inputs in " + inputDirectory() + ": " + e, e);
        }
        for (Archive a : archives == null ? List.<Archive>of() : archives) {
            if (a.getFile() == null) {
                throw new MojoExecutionException("ebld: an <archive> has no <file>");
            }
            Path p = a.getFile().toPath();
            if (!Files.isRegularFile(p)) {
                throw new MojoExecutionException("ebld: archive " + p + " does not exist");
            }
            result.add(new LinkInput(p, a.isWholeArchive()));
        }
        return result;
    }

    /** The file set's directory, absolute. */
    protected Path inputDirectory() {
        Path base = project.getBasedir().toPath();
        if (inputs == null || inputs.getDirectory() == null) {
            return base.resolve(DEFAULT_INPUT_DIRECTORY);
        }
        return base.resolve(new File(inputs.getDirectory()).toPath());
    }

    /** The file set's include patterns, for messages and scanning. */
    protected List<String> includes() {
        if (inputs == null || inputs.getIncludes() == null || inputs.getIncludes().isEmpty()) {
            return List.of(DEFAULT_INCLUDE);
        }
        return inputs.getIncludes();
    }

    private List<String> excludes() {
        if (inputs == null || inputs.getExcludes() == null) {
            return List.of();
        }
        return inputs.getExcludes();
    }

    /** Where goals send diagnostics. */
    protected DiagnosticLog diagnosticLog() {
        return new DiagnosticLog(getLog());
    }
}
