package dev.ebld.cli;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.ProgramVerdict;
import dev.ebld.loader.SoloLoad;
import dev.ebld.loader.kernel.KernelHandle;
import dev.ebld.loader.kernel.LogOptions;
import java.io.IOException;

/**
 * This machine's kernel as {@code ebld verify} asks it ({@code --kernel linux}): each program
 * loaded on its own through the same loader as in the simulated kernel ({@link SoloLoad}), so a
 * refusal is located the same way, at the last instruction the kernel's verifier log names. One
 * backend handle serves the whole command (closing it closes any fd a load left behind); each
 * load gets a pin directory of its own ({@link RunPins}), so a map pinned by name is fresh and
 * its pin is gone after, as in a fresh simulated kernel.
 */
final class LinuxVerdicts implements AutoCloseable {
    private final KernelHandle kernel;

    private LinuxVerdicts(KernelHandle kernel) {
        this.kernel = kernel;
    }

    /** Opens the backend ({@link LinuxLoad#backend}). */
    static LinuxVerdicts open(String option) throws BadInputException {
        return new LinuxVerdicts(LinuxLoad.backend(option));
    }

    /** The kernel's verdict on {@code program} of {@code object} loaded on its own, with {@code log}. */
    ProgramVerdict load(BpfObject object, String program, LogOptions log) throws IOException {
        try (RunPins pins = RunPins.forObject(object, RunPins.BPFFS)) {
            return SoloLoad.load(object, program, kernel, pins.apply(LoadOptions.defaults().withLog(log)));
        }
    }

    @Override
    public void close() {
        kernel.close();
    }
}
