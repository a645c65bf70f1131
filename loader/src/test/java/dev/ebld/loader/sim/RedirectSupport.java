package dev.ebld.loader.sim;

import dev.ebld.loader.interp.Asm;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfStrings;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/** Programs and values the redirect-map tests (devmap, devmap_hash, cpumap, xskmap) share. */
final class RedirectSupport {
    /** BTF whose only type, [1], is INT u32: a key or value type for the redirect maps. */
    static BtfFd u32Btf(SimProcess p) {
        BtfStrings.Builder names = new BtfStrings.Builder();
        BtfType u32 = new BtfType.IntType("u32", names.add("u32"), false, 4, 0, 0, 32);
        return p.btfLoad(BtfWriter.write(Btf.of(List.of(u32), names.build(), ByteOrder.nativeOrder(),
                null)), LogOptions.NONE);
    }

    static final int XDP_ABORTED = 0;
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;
    static final int XDP_REDIRECT = 4;
    static final int BPF_F_BROADCAST = 1 << 3;

    private RedirectSupport() {
    }

    /**
     * An XDP program: {@code bpf_redirect_map(map, key, flags)}, its answer returned;
     * {@code key} is the instruction(s) that set r2.
     */
    static ProgFd redirecting(SimProcess p, MapFd m, String key, long flags) {
        return p.progLoad(ProgLoadAttr.of(ProgType.XDP, "redir", Asm.insns("18 1 1 0 " + m.value()
                + "; 00 0 0 0 0; " + key + "; b7 3 0 0 " + flags + "; 85 0 0 0 51; 95 0 0 0 0"))).fd();
    }

    /** An XDP program returning XDP_PASS, loaded for {@code attach} (BPF_XDP_DEVMAP, ..._CPUMAP). */
    static ProgFd xdpFor(SimProcess p, AttachType attach) {
        ProgLoadAttr a = ProgLoadAttr.of(ProgType.XDP, "for", Asm.insns("b7 0 0 0 2; 95 0 0 0 0"));
        return p.progLoad(new ProgLoadAttr(a.type(), Optional.of(attach), a.name(), a.insns(),
                a.license(), a.btf(), a.funcInfo(), a.lineInfo(), a.log(), a.attachProg(),
                a.attachBtfId(), a.fdArray(), a.flags())).fd();
    }

    /** The u32s, little endian, one after the other: a key or a two-field value. */
    static byte[] u32s(int... vs) {
        byte[] b = new byte[vs.length * 4];
        for (int i = 0; i < vs.length; i++) {
            System.arraycopy(MapSemanticsTest.u32(vs[i]), 0, b, i * 4, 4);
        }
        return b;
    }

    /** A test run of {@code p} on the all-zero frame: its return value. */
    static long run(SimProcess root, ProgFd p) {
        return root.progTestRun(p, TestRunAttr.packet(LinkTestSupport.FRAME)).retval();
    }
}
