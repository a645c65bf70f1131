package dev.ebld.cli;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.KernelBackends;
import dev.ebld.loader.kernel.KernelHandle;
import dev.ebld.loader.kernel.KernelUnavailableException;
import java.io.IOException;

/**
 * One command's load into this machine's kernel ({@code --kernel linux}): the backend found by
 * name (it is compiled for a newer Java than the CLI, so the CLI never links against it), a pin
 * root of the run's own ({@link RunPins}), and the loaded object. Closing it unloads the object,
 * removes the pins and closes every fd the backend handed out, in that order.
 */
final class LinuxLoad implements AutoCloseable {
    private final KernelHandle kernel;
    private final RunPins pins;
    private final LoadedObject loaded;

    private LinuxLoad(KernelHandle kernel, RunPins pins, LoadedObject loaded) {
        this.kernel = kernel;
        this.pins = pins;
        this.loaded = loaded;
    }

    /**
     * The backend, found by name; one that cannot run here (no root or CAP_BPF, a JVM older than
     * the backend) is a one-line {@link BadInputException} starting with {@code option}.
     */
    static KernelHandle backend(String option) throws BadInputException {
        try {
            return KernelBackends.open("linux");
        } catch (KernelUnavailableException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
    }

    /** Loads {@code object}; a backend that cannot run here is a one-line {@link BadInputException}. */
    static LinuxLoad open(BpfObject object, LoadOptions options) throws IOException, BadInputException {
        KernelHandle kernel = backend("--kernel linux");
        RunPins pins = null;
        try {
            pins = RunPins.forObject(object, RunPins.BPFFS);
            return new LinuxLoad(kernel, pins, object.load(kernel, pins.apply(options)));
        } catch (IOException | RuntimeException e) {
            // Nothing is handed out on failure: close what was opened, any close failure
            // suppressed into the one being thrown.
            try (kernel; RunPins p = pins) {
                throw e;
            }
        }
    }

    LoadedObject loaded() {
        return loaded;
    }

    @Override
    public void close() {
        try (kernel; pins; loaded) {
            // try-with-resources closes them in reverse: the object, its pins, then the kernel's fds.
        }
    }
}
