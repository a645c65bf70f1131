package dev.ebld.loader.kernel;

/**
 * The errno values bpf(2) answers with, numbered as on Linux. A {@link KernelException} carries
 * one, so callers and tests match on the name the kernel would give ({@code EINVAL},
 * {@code E2BIG}, ...) rather than on message text. The table holds the generic Linux numbers
 * (x86-64 and aarch64 share them) that bpf(2) and the calls around it can answer, plus the
 * kernel-internal ones that leak; a real kernel's number outside it is {@link #EUNKNOWN}, with
 * the number kept by the exception.
 */
public enum Errno {
    /**
     * A number this table does not name. Only a real kernel can answer one; the
     * {@link KernelException} that carries it keeps the number ({@link KernelException#number()}).
     */
    EUNKNOWN(0),
    EPERM(1),
    ENOENT(2),
    ESRCH(3),
    EINTR(4),
    EIO(5),
    ENXIO(6),
    E2BIG(7),
    ENOEXEC(8),
    EBADF(9),
    ECHILD(10),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EFAULT(14),
    EBUSY(16),
    EEXIST(17),
    EXDEV(18),
    ENODEV(19),
    ENOTDIR(20),
    EISDIR(21),
    EINVAL(22),
    ENFILE(23),
    EMFILE(24),
    ENOTTY(25),
    ETXTBSY(26),
    EFBIG(27),
    ENOSPC(28),
    EROFS(30),
    EMLINK(31),
    EPIPE(32),
    EDOM(33),
    ERANGE(34),
    EDEADLK(35),
    ENAMETOOLONG(36),
    ENOSYS(38),
    ENOTEMPTY(39),
    ELOOP(40),
    ENOMSG(42),
    ENODATA(61),
    ETIME(62),
    ENOLINK(67),
    EPROTO(71),
    EBADMSG(74),
    EOVERFLOW(75),
    EBADFD(77),
    EILSEQ(84),
    ENOTSOCK(88),
    EPROTONOSUPPORT(93),
    EOPNOTSUPP(95),
    EAFNOSUPPORT(97),
    EADDRINUSE(98),
    EADDRNOTAVAIL(99),
    ENETDOWN(100),
    ENOBUFS(105),
    ETIMEDOUT(110),
    EALREADY(114),
    EINPROGRESS(115),
    ESTALE(116),
    EDQUOT(122),
    ECANCELED(125),
    /** The kernel-internal "operation not supported" that bpf(2) leaks to user space. */
    ENOTSUPP(524),
    /** Kernel-internal, leaked by some BTF and verifier paths: a buffer is too small. */
    ETOOSMALL(525),
    /** Kernel-internal, leaked by some paths: a type is not the one expected. */
    EBADTYPE(527);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The Linux number; 0 for {@link #EUNKNOWN}. */
    public int number() {
        return number;
    }

    /** The constant Linux numbers {@code number} with, if this table names it. */
    public static java.util.Optional<Errno> ofNumber(int number) {
        for (Errno e : values()) {
            if (e.number == number && e != EUNKNOWN) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }
}
