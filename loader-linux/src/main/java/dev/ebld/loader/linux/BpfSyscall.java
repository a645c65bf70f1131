package dev.ebld.loader.linux;

import dev.ebld.loader.kernel.KernelException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The two system calls this backend makes: {@code bpf(2)}, through libc's variadic
 * {@code syscall(SYS_bpf, cmd, attr, size)} as libbpf's {@code sys_bpf} does (glibc has no
 * wrapper), and {@code close(2)}. Both capture {@code errno} right after the call, before the JVM
 * can overwrite it, and turn a -1 into a {@link KernelException} carrying that number.
 */
final class BpfSyscall {
    /** {@code __NR_bpf} of the machine this JVM runs on. */
    static final long SYS_BPF = sysBpf(System.getProperty("os.arch"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final long ERRNO = CAPTURED.byteOffset(PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("syscall"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("close"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private BpfSyscall() {
    }

    /**
     * The system call number of bpf(2): the generic table (aarch64, riscv64 and others) gives
     * 280, x86-64 its own 321. Other machines are refused rather than guessed.
     */
    static long sysBpf(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> 321;
            case "aarch64" -> 280;
            default -> throw new UnsupportedOperationException("bpf(2): no system call number"
                    + " known for architecture " + arch + " (known: x86-64 321, aarch64 280)");
        };
    }

    /**
     * {@code bpf(cmd, attr, sizeof attr)}: the non-negative result (an fd, or 0), or a
     * {@link KernelException} with the errno and {@code what} (the operands, for the message).
     * {@code attr} is this backend's struct for the command; the kernel zero-fills the rest of
     * its union, as it does for libbpf's {@code offsetofend} sizes.
     */
    static int bpf(BpfCmd cmd, MemorySegment attr, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURED);
            long r = (long) SYSCALL.invokeExact(state, SYS_BPF, (long) cmd.number(), attr,
                    attr.byteSize());
            if (r < 0) {
                throw new KernelException(state.get(ValueLayout.JAVA_INT, ERRNO),
                        cmd.uapiName() + " " + what);
            }
            return (int) r;
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf(2) downcall failed", t);
        }
    }

    /**
     * {@link #bpf} for commands where ENOENT is an answer, not a failure (no such key, no next
     * key or id): false then.
     */
    static boolean bpfFound(BpfCmd cmd, MemorySegment attr, String what) {
        try {
            bpf(cmd, attr, what);
            return true;
        } catch (KernelException e) {
            if (e.errno() == dev.ebld.loader.kernel.Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /** {@code close(fd)}; EBADF when the fd is not open. */
    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURED);
            int r = (int) CLOSE.invokeExact(state, fd);
            if (r < 0) {
                throw new KernelException(state.get(ValueLayout.JAVA_INT, ERRNO), "close(" + fd
                        + ")");
            }
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("close(2) downcall failed", t);
        }
    }
}
