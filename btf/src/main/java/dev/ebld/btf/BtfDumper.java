package dev.ebld.btf;

/** Text dumps of BTF: bpftool's raw format, and a C header. */
public final class BtfDumper {
    private BtfDumper() {
    }

    /** Exactly what {@code bpftool btf dump file FILE} (bpftool 7.1) prints for this BTF. */
    public static String raw(Btf btf) {
        StringBuilder sb = new StringBuilder(btf.types().size() * 64);
        BtfRawDump.dump(btf, sb);
        return sb.toString();
    }
}
