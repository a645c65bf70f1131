package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import java.util.Arrays;

/**
 * An XDP test run as {@code bpf_prog_test_run_xdp}: the packet ({@code data_in}, at least an
 * Ethernet header) is copied into a one-page buffer after {@link RunEnv#HEADROOM} bytes of
 * headroom; an {@code xdp_md} in {@code ctx_in} may put its first {@code data} bytes in front as
 * metadata. The packet that comes out is the window after the program's head and tail
 * adjustments, metadata included.
 */
final class XdpRun {
    private static final int LOOPBACK_IFINDEX = 1;

    private XdpRun() {
    }

    static TestRunResult run(SimKernel k, SimProg p, TestRunAttr a) {
        if (p.expectedAttachType.filter(t -> t == AttachType.XDP_DEVMAP
                || t == AttachType.XDP_CPUMAP).isPresent()) {
            throw TestRunner.invalid(p, "devmap and cpumap programs cannot be test-run");
        }
        byte[] data = TestRunner.frame(p, a);
        if (data.length > RunFrame.XDP_MAX_DATA) {
            throw TestRunner.invalid(p, "data_in of " + data.length + " bytes exceeds the "
                    + RunFrame.XDP_MAX_DATA + " a one-page frame holds (frags are not simulated)");
        }
        RunEnv env = new RunEnv(p.type, 0);
        XdpContext ctxAccess = new XdpContext(env);
        int meta = a.ctxIn().map(c -> readCtx(p, c, data.length, ctxAccess)).orElse(0);
        try (RunFrame f = RunFrame.xdp(k, env, ctxAccess, data, meta)) {
            TestRunner.Outcome o = f.run(k, p, a.repeat());
            return TestRunResult.ofR0(o.r0(), o.durationNs(),
                    TestRunner.out(f.dataOut(), a.dataOutSize(), "data_out"),
                    TestRunner.out(ctxOut(env, ctxAccess), a.ctxOutSize(), "ctx_out"));
        }
    }

    /** Checks an xdp_md from ctx_in as the kernel does; returns the metadata length. */
    private static int readCtx(SimProg p, byte[] c, int size, XdpContext access) {
        if (c.length > XdpContext.SIZE) {
            throw TestRunner.invalid(p, "ctx_in of " + c.length + " bytes is larger than xdp_md");
        }
        byte[] md = Arrays.copyOf(c, XdpContext.SIZE);
        long data = AddressSpace.getLe(md, XdpContext.DATA, 4);
        long end = AddressSpace.getLe(md, XdpContext.DATA_END, 4);
        long dataMeta = AddressSpace.getLe(md, XdpContext.DATA_META, 4);
        if (dataMeta != 0 || end != size || data > end || data % 4 != 0 || data > RunEnv.MAX_META) {
            throw TestRunner.invalid(p, "xdp_md: data_meta must be 0, data_end the data_in size"
                    + " and data a metadata length (multiple of 4, at most "
                    + RunEnv.MAX_META + ")");
        }
        if (AddressSpace.getLe(md, XdpContext.EGRESS_IFINDEX, 4) != 0) {
            throw TestRunner.invalid(p, "xdp_md: egress_ifindex must be 0");
        }
        long ingress = AddressSpace.getLe(md, XdpContext.INGRESS_IFINDEX, 4);
        long queue = AddressSpace.getLe(md, XdpContext.RX_QUEUE_INDEX, 4);
        if (ingress != 0 && ingress != LOOPBACK_IFINDEX) {
            throw new KernelException(Errno.ENODEV, "no device with ifindex " + ingress
                    + " (the simulated kernel has only lo, ifindex 1)");
        }
        if (queue != 0) {
            throw TestRunner.invalid(p, "xdp_md: rx_queue_index " + queue + " does not exist");
        }
        access.ingressIfindex = (int) ingress;
        return (int) data;
    }

    /** The xdp_md ctx_out returns: data and data_end as offsets from data_meta, as the kernel's. */
    private static byte[] ctxOut(RunEnv env, XdpContext access) {
        byte[] md = new byte[XdpContext.SIZE];
        AddressSpace.putLe(md, XdpContext.DATA, 4, env.metaLen);
        AddressSpace.putLe(md, XdpContext.DATA_END, 4, env.packet.size());
        AddressSpace.putLe(md, XdpContext.INGRESS_IFINDEX, 4, access.ingressIfindex);
        return md;
    }
}
