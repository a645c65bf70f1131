package dev.ebld.loader.linux;

import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.ProgFd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fds one {@link LinuxKernel} opened and still holds. The JVM shares the process's fd table
 * with everything else in it (files, sockets), so {@link #close} only closes a number this table
 * handed out, as the kind it was handed out as; anything else is EBADF here, never a
 * {@code close(2)} of someone else's file.
 */
final class FdTable {
    private final Map<Integer, Fd.Kind> open = new ConcurrentHashMap<>();

    /** Records a new fd of {@code kind} from the kernel and returns its typed handle. */
    Fd adopt(int fd, Fd.Kind kind) {
        open.put(fd, kind);
        return switch (kind) {
            case PROG -> new ProgFd(fd);
            case MAP -> new MapFd(fd);
            case BTF -> new BtfFd(fd);
            case LINK -> new LinkFd(fd);
        };
    }

    /**
     * Records a new fd whose kind only the kernel knows ({@code BPF_OBJ_GET}): the anonymous
     * inode's name behind {@code /proc/self/fd}, which is what bpftool reads too.
     */
    Fd adoptUnknown(int fd) {
        String target;
        try {
            target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            BpfSyscall.close(fd);
            throw new UncheckedIOException("kind of fd " + fd, e);
        }
        Fd.Kind kind = switch (target) {
            case "anon_inode:bpf-prog" -> Fd.Kind.PROG;
            case "anon_inode:bpf-map" -> Fd.Kind.MAP;
            case "anon_inode:bpf-link" -> Fd.Kind.LINK;
            case "anon_inode:btf" -> Fd.Kind.BTF;
            default -> null;
        };
        if (kind == null) {
            BpfSyscall.close(fd);
            throw new KernelException(Errno.EINVAL, "fd " + fd + " is " + target + ", not a BPF object");
        }
        return adopt(fd, kind);
    }

    /** {@code close(2)} of an fd this table holds. */
    void close(Fd fd) {
        if (!open.remove(fd.value(), fd.kind())) {
            throw new KernelException(Errno.EBADF, fd + " is not an open fd of this LinuxKernel");
        }
        BpfSyscall.close(fd.value());
    }

    /** Closes every fd still held, as process exit would; the first failure is rethrown. */
    void closeAll() {
        List<Integer> fds = new ArrayList<>(open.keySet());
        RuntimeException first = null;
        for (int fd : fds) {
            open.remove(fd);
            try {
                BpfSyscall.close(fd);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    int size() {
        return open.size();
    }
}
