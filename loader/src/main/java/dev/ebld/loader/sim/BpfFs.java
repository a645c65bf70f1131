package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import java.util.TreeMap;

/**
 * The simulated kernel's bpf filesystem, mounted at {@value #MOUNT}: a namespace of pins, each a
 * file path holding one reference on a program, map, BTF object or link (BPF_OBJ_PIN), which
 * BPF_OBJ_GET turns back into an fd and unlink(2) drops. Paths are plain files directly or deeper
 * under the mount; directories are not modelled, so any such path may be pinned.
 */
final class BpfFs {
    static final String MOUNT = "/sys/fs/bpf/";

    private final TreeMap<String, KernelObject> pins = new TreeMap<>();

    /** BPF_OBJ_PIN: {@code path} now holds a reference on {@code o}. */
    void pin(String path, KernelObject o) {
        checkPath(path);
        if (pins.containsKey(path)) {
            throw new KernelException(Errno.EEXIST, path + " exists");
        }
        pins.put(path, o.holdUser());
    }

    /** BPF_OBJ_GET: the object pinned at {@code path}, for a new fd. */
    KernelObject get(String path) {
        checkPath(path);
        KernelObject o = pins.get(path);
        if (o == null) {
            throw new KernelException(Errno.ENOENT, path + " is not pinned");
        }
        return o;
    }

    /** unlink(2) of a pin: drops the pin's reference. */
    void unpin(String path, SimKernel k) {
        checkPath(path);
        KernelObject o = pins.remove(path);
        if (o == null) {
            throw new KernelException(Errno.ENOENT, path + " is not pinned");
        }
        o.putUser(k);
    }

    private static void checkPath(String path) {
        if (!path.startsWith(MOUNT) || path.length() == MOUNT.length() || path.endsWith("/")
                || path.contains("/../") || path.contains("//")) {
            throw new KernelException(Errno.EPERM, path + " is not a file path on the bpf"
                    + " filesystem " + MOUNT);
        }
    }
}
