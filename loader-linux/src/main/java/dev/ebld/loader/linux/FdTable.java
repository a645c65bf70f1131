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
import java.util.function.Supplier;

/**
 * The fds one {@link LinuxKernel} opened and still holds. The JVM shares the process's fd table
 * with everything else in it (files, sockets), so {@link #close} only closes a number this table
 * handed out, as the kind it was handed out as; anything else is EBADF here, never a
 * {@code close(2)} of someone else's file.
 */
final class FdTable {
    private final Map<Integer, Fd.Kind> open = new ConcurrentHashMap<>();
    /** The shapes of held map fds, asked of the kernel once; dropped when the fd is closed. */
    private final Map<Integer, MapCalls.Shape> shapes = new ConcurrentHashMap<>();

    /** Records a new fd of {@code kind} from the kernel and returns its typed handle. */
    Fd adopt(int fd, Fd.Kind kind) {
        shapes.remove(fd); // the number may have named a map this table closed
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

    /**
     * The shape of {@code map}: kept when this table holds the fd as a map, asked anew each time
     * otherwise (an fd opened elsewhere may be closed and its number reused unseen).
     */
    MapCalls.Shape shape(MapFd map, Supplier<MapCalls.Shape> ask) {
        if (open.get(map.value()) != Fd.Kind.MAP) {
            return ask.get();
        }
        return shapes.computeIfAbsent(map.value(), fd -> ask.get());
    }

    /** {@code close(2)} of an fd this table holds. */
    void close(Fd fd) {
        if (!open.remove(fd.value(), fd.kind())) {
            throw new KernelException(Errno.EBADF, fd + " is not an open fd of this LinuxKernel");
        }
        shapes.remove(fd.value());
        BpfSyscall.close(fd.value());
    }

    /**
     * Closes {@code fd} on a failure path: a failed {@code close(2)} is added to {@code failure}
     * as suppressed rather than hiding it.
     */
    void closeQuietly(Fd fd, RuntimeException failure) {
        try {
            close(fd);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Closes every fd still held, as process exit would. An fd already gone (EBADF: closed
     * behind this table's back) is not a failure, as {@link dev.ebld.loader.kernel.KernelHandle}
     * promises; any other failure is rethrown after every fd was tried, the first one first.
     * Idempotent: a second call finds the table empty.
     */
    void closeAll() {
        List<Integer> fds = new ArrayList<>(open.keySet());
        RuntimeException first = null;
        for (int fd : fds) {
            if (open.remove(fd) == null) {
                continue; // closed meanwhile by close(Fd) on another thread
            }
            shapes.remove(fd);
            try {
                BpfSyscall.close(fd);
            } catch (KernelException e) {
                if (e.errno() != Errno.EBADF) {
                    first = first == null ? e : first;
                }
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
