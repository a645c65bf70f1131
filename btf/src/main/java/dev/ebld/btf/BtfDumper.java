package dev.ebld.btf;

/** Text dumps of BTF: bpftool's raw format, and a C header. */
public final class BtfDumper {
    private BtfDumper() {
    }

    /** Exactly what {@code bpftool btf dump file FILE} (bpftool 7.1) prints for this BTF. */
    public static String raw(Btf btf) {
        // vmlinux prints about 2.2 characters per byte of BTF; avoid regrowing the buffer
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 64, (btf.header().typeLen() + (long) btf.header().strLen()) * 9 / 4) + 64);
        BtfRawDump.dump(btf, sb);
        return sb.toString();
    }

    /**
     * A C header declaring every type, in an order clang accepts: forward declarations, enums,
     * then typedefs and structs each after what it needs (like {@code bpftool ... format c}, not
     * byte-identical to it).
     */
    public static String c(Btf btf) {
        StringBuilder sb = new StringBuilder(btf.types().size() * 48);
        CDump.dump(btf, sb);
        return sb.toString();
    }
}
