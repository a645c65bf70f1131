package dev.ebld.loader.interp;

/**
 * One piece of memory a program may touch: a window {@code [base, base + size)} of a byte array
 * (a map value, a stack frame, the packet, a ring buffer record), the context (whose accesses are
 * rewritten by a {@link ContextAccess}), or a handle with no bytes at all (a map, which only
 * helpers look behind). Pointers carry the region's index, so a program can never reach bytes of
 * another region by arithmetic on a pointer into this one (see {@link AddressSpace}).
 *
 * <p>Mutable on purpose: {@code bpf_xdp_adjust_head} moves the packet window, and freeing a hash
 * entry or submitting a ring buffer record kills its region so a stale pointer faults.
 */
public final class Region {
    final String name;
    byte[] data;
    int base;
    int size;
    boolean writable;
    boolean live = true;
    final ContextAccess context;
    /** What a handle region stands for (a map), for helpers; null for plain memory. */
    final Object owner;
    int index;

    private Region(String name, byte[] data, int base, int size, boolean writable,
            ContextAccess context, Object owner) {
        this.name = name;
        this.data = data;
        this.base = base;
        this.size = size;
        this.writable = writable;
        this.context = context;
        this.owner = owner;
    }

    /** Bytes {@code [base, base + size)} of {@code data}. */
    public static Region memory(String name, byte[] data, int base, int size, boolean writable) {
        if (base < 0 || size < 0 || base > data.length - size) {
            throw new IllegalArgumentException(name + ": window " + base + "+" + size
                    + " outside " + data.length + " bytes");
        }
        return new Region(name, data, base, size, writable, null, null);
    }

    /** A context whose loads and stores {@code access} rewrites; {@code size} bounds offsets. */
    public static Region context(String name, int size, ContextAccess access) {
        return new Region(name, new byte[0], 0, size, true, access, null);
    }

    /** A handle without bytes standing for {@code owner}: loads and stores through it fault. */
    public static Region handle(String name, Object owner) {
        return new Region(name, new byte[0], 0, 0, false, null, owner);
    }

    public String name() {
        return name;
    }

    public Object owner() {
        return owner;
    }

    public byte[] data() {
        return data;
    }

    public int base() {
        return base;
    }

    public int size() {
        return size;
    }

    public boolean isLive() {
        return live;
    }

    /** Moves the window (packet head and tail adjustment). */
    public void window(int newBase, int newSize) {
        if (newBase < 0 || newSize < 0 || newBase > data.length - newSize) {
            throw new IllegalArgumentException(name + ": window " + newBase + "+" + newSize);
        }
        base = newBase;
        size = newSize;
    }

    /** Points the region at other bytes (a context's memory buffer replaced between runs). */
    public void rebind(byte[] newData, int newBase, int newSize) {
        data = newData;
        window(newBase, newSize);
    }

    public void setWritable(boolean writable) {
        this.writable = writable;
    }

    @Override
    public String toString() {
        return name + "[" + size + "]";
    }
}
