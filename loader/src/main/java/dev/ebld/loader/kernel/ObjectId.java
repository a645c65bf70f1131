package dev.ebld.loader.kernel;

/**
 * A kernel-global object id (what {@code BPF_*_GET_NEXT_ID} walks and {@code BPF_*_GET_FD_BY_ID}
 * takes). Unlike an fd it is the same in every process; turning it back into an fd needs
 * CAP_SYS_ADMIN, because an id can be guessed (seeds 001 and 003).
 */
public record ObjectId(Fd.Kind kind, int value) {
    public ObjectId {
        if (kind == null || value <= 0) {
            throw new IllegalArgumentException("bad object id " + kind + " " + value);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " id " + value;
    }
}
