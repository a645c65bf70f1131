package dev.ebld.loader.kernel;

/**
 * The errno values bpf(2) answers with, numbered as on Linux. A {@link KernelException} carries
 * one, so callers and tests match on the name the kernel would give ({@code EINVAL},
 * {@code E2BIG}, ...) rather than on message text.
 */
public enum Errno {
    EPERM(1),
    ENOENT(2),
    ESRCH(3),
    ENXIO(6),
    E2BIG(7),
    EBADF(9),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EFAULT(14),
    EBUSY(16),
    EEXIST(17),
    EXDEV(18),
    ENODEV(19),
    EINVAL(22),
    ENOSPC(28),
    ERANGE(34),
    ELOOP(40),
    ENOLINK(67),
    EOVERFLOW(75),
    ENOTSOCK(88),
    EOPNOTSUPP(95),
    ESTALE(116),
    /** The kernel-internal "operation not supported" that bpf(2) leaks to user space. */
    ENOTSUPP(524);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
