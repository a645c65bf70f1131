package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.ObjectId;

/**
 * A BPF object of the simulated kernel (map, program, BTF) with its global id and reference
 * count. It lives while anything holds a reference: a process's fd, a bpffs pin, a program using
 * a map, a prog_array or map-in-map slot. When the last reference goes, {@link #freed} releases
 * what it holds in turn and the id stops resolving, as in the kernel.
 */
abstract class KernelObject {
    private final ObjectId id;
    private int refs;
    private int userRefs;

    KernelObject(Fd.Kind kind, int id) {
        this.id = new ObjectId(kind, id);
    }

    ObjectId id() {
        return id;
    }

    Fd.Kind kind() {
        return id.kind();
    }

    /** Takes one more reference. */
    KernelObject hold() {
        refs++;
        return this;
    }

    /** Drops one reference; on the last, the kernel forgets the object and it frees itself. */
    void put(SimKernel k) {
        if (--refs == 0) {
            k.forget(this);
            freed(k);
        }
    }

    /** Takes a reference for user space (an fd or a pin), as the kernel's map usercnt. */
    KernelObject holdUser() {
        userRefs++;
        return hold();
    }

    /**
     * Drops a user-space reference. When none is left the object is told
     * ({@link #lastUserGone}) before the plain reference goes.
     */
    void putUser(SimKernel k) {
        if (--userRefs == 0) {
            lastUserGone(k);
        }
        put(k);
    }

    /** Called when no fd and no pin holds the object any more; programs may still use it. */
    void lastUserGone(SimKernel k) {
        // Most objects have nothing to do.
    }

    /** References held now: fds, pins, and other kernel objects that use this one. */
    int references() {
        return refs;
    }

    boolean alive() {
        return refs > 0;
    }

    /** Releases what the object holds (maps a program uses, entries of a prog_array...). */
    abstract void freed(SimKernel k);
}
