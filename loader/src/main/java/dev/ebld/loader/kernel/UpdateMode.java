package dev.ebld.loader.kernel;

/** The {@code BPF_ANY}/{@code BPF_NOEXIST}/{@code BPF_EXIST} choice of a map update. */
public enum UpdateMode {
    /** Create or replace. */
    ANY(0),
    /** Create only; {@code EEXIST} if the key is there. */
    NOEXIST(1),
    /** Replace only; {@code ENOENT} if the key is not there. */
    EXIST(2);

    private final int flag;

    UpdateMode(int flag) {
        this.flag = flag;
    }

    /** The flag value in the UAPI. */
    public int flag() {
        return flag;
    }
}
