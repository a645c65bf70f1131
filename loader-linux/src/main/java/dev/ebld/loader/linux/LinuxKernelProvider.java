package dev.ebld.loader.linux;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.KernelHandle;
import dev.ebld.loader.kernel.KernelProvider;
import dev.ebld.loader.kernel.KernelUnavailableException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;

/**
 * The real kernel as the {@link KernelProvider} named {@code "linux"} (listed in
 * META-INF/services), so that tools compiled for release 17 reach {@link LinuxKernel} by name.
 * {@link #open()} checks first that this process may use bpf(2) at all, so that a missing
 * privilege is one clear line rather than the first map's EPERM deep inside a load.
 */
public final class LinuxKernelProvider implements KernelProvider {
    @Override
    public String name() {
        return "linux";
    }

    /**
     * A new {@link LinuxKernel}, after a probe: creating (and closing) a one-entry array map, the
     * cheapest command that needs the privilege every load needs (CAP_BPF, or root). The probe is
     * also the first bpf(2) call, so it is where an unknown architecture or a JVM that denies
     * native access shows (as the failed initialization of {@link BpfSyscall}).
     */
    @Override
    public KernelHandle open() {
        LinuxKernel kernel = new LinuxKernel();
        try {
            MapFd probe = kernel.mapCreate(MapCreateAttr.of(MapType.ARRAY, "ebld_probe", 4, 4, 1, 0));
            kernel.close(probe);
            return kernel;
        } catch (KernelException e) {
            kernel.close();
            throw new KernelUnavailableException(refusal(e.errno()), e);
        } catch (ExceptionInInitializerError | IllegalCallerException e) {
            kernel.close();
            Throwable why = e instanceof ExceptionInInitializerError ? e.getCause() : e;
            throw new KernelUnavailableException(why instanceof IllegalCallerException
                    ? "bpf(2) through java.lang.foreign needs native access: run the JVM with"
                            + " --enable-native-access=ALL-UNNAMED"
                    : String.valueOf(why.getMessage()), e);
        }
    }

    /** The one-line reason for a refused probe, with what to do about it where there is one. */
    static String refusal(Errno errno) {
        if (errno == Errno.EPERM) {
            return "bpf(2) refused: EPERM — run as root or grant CAP_BPF";
        } else if (errno == Errno.ENOSYS) {
            return "bpf(2) refused: ENOSYS — this kernel has no bpf(2) (CONFIG_BPF_SYSCALL is off)";
        }
        return "bpf(2) refused: " + errno.name() + " (creating a one-entry array map)";
    }
}
