package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import dev.ebld.loader.kernel.ProgType;
import java.util.Arrays;

/**
 * The memory one program run sees, laid out in this one place for every path that runs a
 * program on a packet or on raw tracepoint arguments: {@code BPF_PROG_TEST_RUN} ({@link XdpRun},
 * {@link SkbRun}, {@link TestRunner}) and a device's receive and send paths and fired raw
 * tracepoints ({@link PacketPath}).
 *
 * <p>What holds after a factory returns: the frame's regions are in the kernel's address space,
 * {@link #env} points at the packet's one region, metadata first (none for raw_tp), and
 * {@link #ctx} is the pointer r1 gets. The caller validates its inputs first (each path words
 * its own errors) and closes the frame after the run, which removes the regions again.
 */
final class RunFrame implements AutoCloseable {
    /** The largest packet a one-page XDP buffer holds after headroom and tailroom. */
    static final int XDP_MAX_DATA = RunEnv.XDP_BUFFER - RunEnv.HEADROOM - RunEnv.TAILROOM;

    final RunEnv env;
    /** r1 of the run: the context's address. */
    final long ctx;
    /** The buffer the packet lives in (empty for raw_tp). */
    private final byte[] buffer;
    private final AddressSpace space;
    private final Region ctxRegion;
    /** Where a socket buffer's frame (its Ethernet header) starts in {@link #buffer}: after the metadata. */
    private final int l2;

    /** Adds {@code first} (the packet's region, or raw_tp's arguments) and then the context. */
    private RunFrame(SimKernel k, RunEnv env, byte[] buffer, int l2, Region ctx, Region... first) {
        this.env = env;
        this.buffer = buffer;
        this.l2 = l2;
        this.space = k.space();
        for (Region r : first) {
            space.add(r);
        }
        this.ctxRegion = space.add(ctx);
        this.ctx = AddressSpace.pointer(ctx, 0);
    }

    /**
     * An XDP buffer as bpf_prog_test_run_xdp and the receive path build it: one page,
     * {@code data} copied after {@link RunEnv#HEADROOM} bytes of headroom less {@code metaLen},
     * so that its first {@code metaLen} bytes are metadata in front of the packet, in the same
     * region (see {@link RunEnv}). The caller fills in {@code access} (interface numbers) before
     * or after; it must be over {@code env}.
     */
    static RunFrame xdp(SimKernel k, RunEnv env, XdpContext access, byte[] data, int metaLen) {
        byte[] buf = new byte[RunEnv.XDP_BUFFER];
        int start = RunEnv.HEADROOM - metaLen;
        System.arraycopy(data, 0, buf, start, data.length);
        env.metaLen = metaLen;
        env.packet = Region.memory("packet", buf, start, data.length, true);
        return new RunFrame(k, env, buf, 0, Region.context("xdp_md", XdpContext.SIZE, access),
                env.packet);
    }

    /**
     * A socket buffer over a copy of {@code frame}, as bpf_prog_test_run_skb builds it:
     * the packet starts at {@code start} (0 for tc programs, which see the Ethernet header; the
     * network header for the others), with no metadata in front, so data_meta is data;
     * {@code protocol} is the frame's EtherType, as eth_type_trans sets it. {@code access} must
     * be over {@code env}.
     */
    static RunFrame skb(SimKernel k, RunEnv env, SkbContext access, byte[] frame, int start) {
        return skb(k, env, access, new byte[0], frame, start);
    }

    /**
     * A socket buffer as the stack hands a frame to a tcx chain: as
     * {@link #skb(SimKernel, RunEnv, SkbContext, byte[], int)} from the Ethernet header, with
     * {@code meta} in front of it: on ingress what an XDP program that passed the frame left
     * before {@code data}, as skb_metadata_set keeps it (the metadata ends where the MAC header
     * starts); empty otherwise. The region's window starts
     * at the metadata, so {@code data_meta + meta.length == data} (see {@link RunEnv}).
     */
    static RunFrame tcx(SimKernel k, RunEnv env, SkbContext access, byte[] meta,
            byte[] frame) {
        return skb(k, env, access, meta, frame, 0);
    }

    private static RunFrame skb(SimKernel k, RunEnv env, SkbContext access, byte[] meta,
            byte[] frame, int start) {
        byte[] buf = new byte[meta.length + frame.length];
        System.arraycopy(meta, 0, buf, 0, meta.length);
        System.arraycopy(frame, 0, buf, meta.length, frame.length);
        access.protocol = (frame[12] & 0xff) | (frame[13] & 0xff) << 8;
        env.metaLen = meta.length;
        env.packet = Region.memory("packet", buf, start, buf.length - start, true);
        return new RunFrame(k, env, buf, meta.length,
                Region.context("__sk_buff", SkbContext.SIZE, access), env.packet);
    }

    /** A raw tracepoint's context: its u64 arguments, read-only, as bpf_trace_run and raw_tp test runs pass them. */
    static RunFrame rawTp(SimKernel k, ProgType type, int cpu, byte[] args) {
        return new RunFrame(k, new RunEnv(type, cpu), new byte[0], 0,
                Region.memory("raw_tp args", args, 0, args.length, false));
    }

    /** {@link #rawTp(SimKernel, ProgType, int, byte[])} from argument values. */
    static RunFrame rawTp(SimKernel k, ProgType type, int cpu, long[] args) {
        byte[] ctx = new byte[args.length * 8];
        for (int i = 0; i < args.length; i++) {
            AddressSpace.putLe(ctx, i * 8, 8, args[i]);
        }
        return rawTp(k, type, cpu, ctx);
    }

    /** Runs {@code p} on this frame {@code repeat} times (0 means once). */
    TestRunner.Outcome run(SimKernel k, SimProg p, int repeat) {
        return TestRunner.execute(k, p, env, ctx, repeat);
    }

    /** The packet as the program left it, without metadata. */
    byte[] packet() {
        return Arrays.copyOfRange(buffer, env.dataStart(), env.dataEndIndex());
    }

    /** The metadata in front of the packet as the program left it ({@code [data_meta, data)}). */
    byte[] meta() {
        return Arrays.copyOfRange(buffer, env.packet.base(), env.dataStart());
    }

    /**
     * data_out as the kernel returns it: for XDP the window after the program's head and tail
     * adjustments, metadata included; for a socket buffer the whole frame from its Ethernet
     * header (the kernel pushes a pulled header back before copying out), metadata excluded.
     */
    byte[] dataOut() {
        int from = env.type == ProgType.XDP ? env.packet.base() : l2;
        return Arrays.copyOfRange(buffer, from, env.dataEndIndex());
    }

    @Override
    public void close() {
        space.remove(ctxRegion);
        if (env.packet != null) {
            space.remove(env.packet);
        }
    }
}
