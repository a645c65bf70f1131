package dev.ebld.loader.kernel;

/**
 * The bpf_mprog part of an attach, detach or link create on a multi-program hook (tcx): where the
 * program goes relative to one already there, and the revision the caller expects. Mirrors the
 * kernel's {@code flags}, the {@code relative_fd}/{@code relative_id} union and
 * {@code expected_revision}; the factories set the flags and the union consistently, the
 * canonical constructor lets tests send any combination the kernel must refuse.
 *
 * @param relative an fd number, or an id when {@link #F_ID} is set; 0 for none
 * @param expectedRevision 0 to skip the check, else ESTALE when the hook's revision differs
 */
public record MprogOpts(int flags, int relative, long expectedRevision) {
    /** {@code BPF_F_REPLACE}. */
    public static final int F_REPLACE = 1 << 2;
    /** {@code BPF_F_BEFORE}. */
    public static final int F_BEFORE = 1 << 3;
    /** {@code BPF_F_AFTER}. */
    public static final int F_AFTER = 1 << 4;
    /** {@code BPF_F_ID}: {@code relative} is an id, not an fd. */
    public static final int F_ID = 1 << 5;
    /** {@code BPF_F_LINK}: {@code relative} names a link, not a program. */
    public static final int F_LINK = 1 << 13;
    /** {@code BPF_F_ATTACH_MASK_MPROG}: every flag bpf_mprog understands. */
    public static final int MASK = F_REPLACE | F_BEFORE | F_AFTER | F_ID | F_LINK;

    /** No directive: append at the end. */
    public static final MprogOpts APPEND = new MprogOpts(0, 0, 0);

    /** First in the chain ({@code BPF_F_BEFORE} without a relative object). */
    public static MprogOpts first() {
        return new MprogOpts(F_BEFORE, 0, 0);
    }

    /** Last in the chain ({@code BPF_F_AFTER} without a relative object). */
    public static MprogOpts last() {
        return new MprogOpts(F_AFTER, 0, 0);
    }

    /** Just before the program or link {@code fd}. */
    public static MprogOpts before(Fd fd) {
        return new MprogOpts(F_BEFORE | linkFlag(fd.kind()), fd.value(), 0);
    }

    /** Just after the program or link {@code fd}. */
    public static MprogOpts after(Fd fd) {
        return new MprogOpts(F_AFTER | linkFlag(fd.kind()), fd.value(), 0);
    }

    /** Just before the program or link with this id (needs no CAP_SYS_ADMIN, unlike an fd by id). */
    public static MprogOpts before(ObjectId id) {
        return new MprogOpts(F_BEFORE | F_ID | linkFlag(id.kind()), id.value(), 0);
    }

    /** Just after the program or link with this id. */
    public static MprogOpts after(ObjectId id) {
        return new MprogOpts(F_AFTER | F_ID | linkFlag(id.kind()), id.value(), 0);
    }

    /** {@code BPF_F_REPLACE} of the program given as the attach's replace program. */
    public static MprogOpts replace() {
        return new MprogOpts(F_REPLACE, 0, 0);
    }

    /** The same directive, checked against {@code revision} (ESTALE when it moved on). */
    public MprogOpts expecting(long revision) {
        return new MprogOpts(flags, relative, revision);
    }

    private static int linkFlag(Fd.Kind kind) {
        return switch (kind) {
            case LINK -> F_LINK;
            case PROG -> 0;
            case MAP, BTF -> throw new IllegalArgumentException("a relative object is a program"
                    + " or a link, not a " + kind);
        };
    }
}
