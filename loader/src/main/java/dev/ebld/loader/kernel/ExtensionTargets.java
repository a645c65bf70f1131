package dev.ebld.loader.kernel;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;
import dev.ebld.btf.BtfType;

/**
 * Finds the BTF id of a loaded program's function by name, for an extension's
 * {@code attach_btf_id}: what libbpf's {@code bpf_program__set_attach_target(prog, fd, "name")}
 * does (program info, then the program's BTF by id, then the FUNC of that name).
 */
public final class ExtensionTargets {
    private ExtensionTargets() {
    }

    /**
     * The FUNC named {@code function} in the BTF of loaded program {@code target}. Reading that
     * BTF goes through {@code BPF_BTF_GET_FD_BY_ID}, so, as with libbpf, it needs CAP_SYS_ADMIN;
     * a caller that still has the target's BTF uses {@link #functionId(Btf, String)}.
     */
    public static BtfId functionId(Kernel kernel, ProgFd target, String function) {
        ObjectId btfId = kernel.progInfo(target).btfId().orElseThrow(() -> new KernelException(
                Errno.EINVAL, "target program " + target + " has no BTF"));
        BtfFd fd = (BtfFd) kernel.fdById(btfId);
        try {
            return functionId(BtfReader.read(kernel.btfData(fd)), function);
        } catch (BtfFormatException e) {
            throw new KernelException(Errno.EINVAL, "BTF of " + target + ": " + e.getMessage());
        } finally {
            kernel.close(fd);
        }
    }

    /** The id of the FUNC named {@code function} in {@code btf}; ESRCH if there is none. */
    public static BtfId functionId(Btf btf, String function) {
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Func && t.name().equals(function)) {
                return new BtfId(id);
            }
        }
        throw new KernelException(Errno.ESRCH, "no function " + function + " in the target's BTF");
    }
}
