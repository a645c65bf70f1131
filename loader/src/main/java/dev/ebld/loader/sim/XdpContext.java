package dev.ebld.loader.sim;

import dev.ebld.loader.interp.ContextAccess;
import dev.ebld.loader.interp.RunFault;

/**
 * {@code struct xdp_md} as a program sees it, rewritten as the kernel's
 * {@code xdp_convert_ctx_access} does: the 4-byte fields {@code data}, {@code data_meta} and
 * {@code data_end} load as pointers to the packet (its start, its metadata, one past its end),
 * the others as the run's interface numbers. The context is read-only.
 */
final class XdpContext implements ContextAccess {
    static final int SIZE = 24;
    static final int DATA = 0;
    static final int DATA_END = 4;
    static final int DATA_META = 8;
    static final int INGRESS_IFINDEX = 12;
    static final int RX_QUEUE_INDEX = 16;
    static final int EGRESS_IFINDEX = 20;

    private final RunEnv env;
    int ingressIfindex;
    int rxQueueIndex;

    XdpContext(RunEnv env) {
        this.env = env;
    }

    @Override
    public long load(int off, int size, int pc) {
        if (size != 4 || off % 4 != 0) {
            throw new RunFault(RunFault.Kind.OUT_OF_BOUNDS, pc, "xdp_md: " + size
                    + "-byte access at offset " + off + " (fields are 4-byte)");
        }
        switch (off) {
            case DATA:
                return env.data();
            case DATA_END:
                return env.dataEnd();
            case DATA_META:
                return env.dataMeta();
            case INGRESS_IFINDEX:
                return ingressIfindex & 0xffff_ffffL;
            case RX_QUEUE_INDEX:
                return rxQueueIndex & 0xffff_ffffL;
            default:
                return 0; // egress_ifindex: only set for devmap programs
        }
    }

    @Override
    public void store(int off, int size, long value, int pc) {
        throw new RunFault(RunFault.Kind.READ_ONLY, pc, "xdp_md is read-only (store at offset "
                + off + ")");
    }
}
