package dev.ebld.maven;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.ProgramVerdict;
import dev.ebld.loader.SoloLoad;
import dev.ebld.loader.kernel.LogOptions;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Verifies every program of the linked object in ebld's simulated kernel, each loaded on its own
 * with the safety verifier (as {@code ebld verify} does). A refused program fails the build with
 * the program, where it was refused (section and offset, and the C source line from
 * {@code .BTF.ext} line_info) and the kernel's message. Bound to the {@code verify} phase, after
 * {@code ebld:link} has written the object.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractEbldMojo {

    /** The object to verify; by default the one {@code ebld:link} writes. */
    @Parameter(property = "ebld.object", required = true,
            defaultValue = "${project.build.outputDirectory}/bpf/${project.artifactId}.bpf.o")
    protected File object;

    /**
     * Verify as a loader without CAP_PERFMON and CAP_SYS_ADMIN (it keeps CAP_BPF and
     * CAP_NET_ADMIN): the verifier's unprivileged rules apply (no pointer leaks, no
     * uninitialised stack reads) and tracing programs are refused.
     */
    @Parameter(property = "ebld.unprivileged", defaultValue = "false")
    protected boolean unprivileged;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (!object.isFile()) {
            if (collectInputs().isEmpty()) {
                getLog().info("ebld: no inputs, so no linked object at " + object + "; nothing to verify");
                return;
            }
            throw new MojoExecutionException("ebld: " + object + " does not exist; ebld:link writes it"
                    + " (bind ebld:link, or set <object>)");
        }
        getLog().info("ebld: verifying " + object + " in the simulated kernel"
                + (unprivileged ? " (unprivileged)" : ""));
        List<ProgramVerdict> verdicts = SoloLoad.each(open(), () -> SoloLoad.simulated(unprivileged),
                LogOptions.NONE);
        for (ProgramVerdict v : verdicts) {
            if (v.accepted()) {
                getLog().info("ebld: " + v.format());
            } else {
                getLog().error("ebld: " + v.format());
            }
        }
        List<ProgramVerdict> refused = verdicts.stream().filter(v -> !v.accepted())
                .collect(Collectors.toList());
        if (!refused.isEmpty()) {
            throw new MojoFailureException("ebld: verify failed: " + refused.size() + " of "
                    + verdicts.size() + " program(s) refused:\n" + refused.stream()
                            .map(ProgramVerdict::format).collect(Collectors.joining("\n")));
        }
        getLog().info("ebld: all " + verdicts.size() + " program(s) accepted");
    }

    private BpfObject open() throws MojoFailureException, MojoExecutionException {
        try {
            return BpfObject.open(object.toPath());
        } catch (LoaderException e) {
            throw new MojoFailureException("ebld: verify failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("ebld: cannot read " + object + ": " + e, e);
        }
    }
}
