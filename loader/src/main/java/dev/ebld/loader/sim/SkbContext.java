package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.ContextAccess;
import dev.ebld.loader.interp.RunFault;
import dev.ebld.loader.kernel.ProgType;

/**
 * {@code struct __sk_buff} as a program sees it, rewritten as the kernel's
 * {@code bpf_convert_ctx_access} does: {@code len}, {@code protocol} and the packet pointers
 * ({@code data}, {@code data_end}, {@code data_meta}) come from the packet; other fields from the
 * run's socket buffer (set from {@code ctx_in}). tc programs may write mark, priority, tc_index,
 * cb, tc_classid, queue_mapping and tstamp; other types only cb, as
 * {@code tc_cls_act_is_valid_access} and {@code sk_filter_is_valid_access} allow.
 */
final class SkbContext implements ContextAccess {
    static final int SIZE = 192;
    static final int LEN = 0;
    static final int MARK = 8;
    static final int QUEUE_MAPPING = 12;
    static final int PROTOCOL = 16;
    static final int PRIORITY = 32;
    static final int INGRESS_IFINDEX = 36;
    static final int IFINDEX = 40;
    static final int TC_INDEX = 44;
    static final int CB = 48;
    static final int CB_END = 68;
    static final int TC_CLASSID = 72;
    static final int DATA = 76;
    static final int DATA_END = 80;
    static final int DATA_META = 140;
    static final int TSTAMP = 152;
    static final int WIRE_LEN = 160;

    private final RunEnv env;
    /** Plain field values, laid out as the struct. */
    final byte[] fields = new byte[SIZE];
    int protocol;

    SkbContext(RunEnv env) {
        this.env = env;
    }

    @Override
    public long load(int off, int size, int pc) {
        switch (off) {
            case LEN:
                return env.dataLen();
            case PROTOCOL:
                return protocol;
            case DATA:
                return env.data();
            case DATA_END:
                return env.dataEnd();
            case DATA_META:
                return env.dataMeta();
            default:
                return AddressSpace.getLe(fields, off, size);
        }
    }

    @Override
    public void store(int off, int size, long value, int pc) {
        if (!writable(off, size)) {
            throw new RunFault(RunFault.Kind.READ_ONLY, pc, "__sk_buff: " + size
                    + "-byte store at offset " + off + " is not allowed for " + env.type);
        }
        AddressSpace.putLe(fields, off, size, value);
    }

    private boolean writable(int off, int size) {
        if (off >= CB && off + size <= CB_END) {
            return true;
        }
        if (env.type != ProgType.SCHED_CLS && env.type != ProgType.SCHED_ACT) {
            return false;
        }
        return size == 4 && (off == MARK || off == PRIORITY || off == TC_INDEX
                || off == TC_CLASSID || off == QUEUE_MAPPING) || size == 8 && off == TSTAMP;
    }

    /** The struct as ctx_out returns it: plain fields plus the current len and protocol. */
    byte[] snapshot() {
        byte[] out = fields.clone();
        AddressSpace.putLe(out, LEN, 4, env.dataLen());
        AddressSpace.putLe(out, PROTOCOL, 4, protocol);
        return out;
    }
}
