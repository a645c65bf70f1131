package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkType;
import java.util.Optional;

/**
 * A bpf_link: one attachment of a program to a hook, an object of its own with an id, fds and
 * pins (seed 002). It holds its program; when its last reference (fd or pin) goes, it detaches
 * from the hook and drops the program, as {@code bpf_link_put} and the link's {@code release}.
 * Each kind says how it detaches and updates, mirroring its {@code bpf_link_ops}.
 */
abstract class SimLink extends KernelObject {
    final LinkType type;
    SimProg prog;
    /** Off its hook: by BPF_LINK_DETACH, or by its device going away. */
    boolean detached;

    SimLink(int id, LinkType type, SimProg prog) {
        super(Fd.Kind.LINK, id);
        this.type = type;
        this.prog = prog;
        prog.hold();
    }

    /** Takes the link off its hook; called once, on detach or on the last reference. */
    abstract void unhook(SimKernel k);

    /** Whether the kind has a {@code detach} operation (BPF_LINK_DETACH is EOPNOTSUPP otherwise). */
    abstract boolean detachable();

    /**
     * BPF_LINK_UPDATE: runs {@code next} from now on, if the link still runs {@code expected}.
     * The checks every kernel update_prog makes first are here; the swap is the kind's
     * {@link #swapIn}.
     */
    final void updateProg(SimKernel k, SimProg next, Optional<SimProg> expected) {
        if (!updatable()) {
            throw new KernelException(Errno.EINVAL, type + " links cannot change their program");
        }
        if (detached) {
            throw new KernelException(Errno.ENOLINK, "link " + id().value() + " is detached");
        }
        if (expected.isPresent() && expected.get() != prog) {
            throw new KernelException(Errno.EPERM, "link " + id().value() + " runs program "
                    + prog.name + ", not the expected " + expected.get().name);
        }
        if (next == prog) {
            return;
        }
        swapIn(k, next);
    }

    /** Whether the kind has an {@code update_prog} (BPF_LINK_UPDATE is EINVAL otherwise). */
    boolean updatable() {
        return false;
    }

    /** The kind's update: checks {@code next} fits the hook, puts it there, {@link #swapProg}. */
    void swapIn(SimKernel k, SimProg next) {
        throw new AssertionError("swapIn of a link kind without update_prog");
    }

    /** BPF_OBJ_GET_INFO_BY_FD. */
    abstract LinkInfo info();

    /** BPF_LINK_DETACH. */
    final void detach(SimKernel k) {
        if (!detachable()) {
            throw new KernelException(Errno.EOPNOTSUPP, type + " links cannot be detached while"
                    + " open; close every fd and remove every pin instead");
        }
        if (!detached) {
            detached = true;
            unhook(k);
        }
    }

    /** Swaps the held program (its reference moves with it). */
    final void swapProg(SimKernel k, SimProg next) {
        SimProg old = prog;
        next.hold();
        prog = next;
        old.put(k);
    }

    @Override
    final void freed(SimKernel k) {
        if (!detached) {
            detached = true;
            unhook(k);
        }
        prog.put(k);
    }
}
