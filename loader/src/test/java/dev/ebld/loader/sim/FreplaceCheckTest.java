package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.FixtureObjects.btf;
import static dev.ebld.loader.sim.FixtureObjects.prog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.loader.AttachTarget;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.ExtensionTargets;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.ProgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The freplace checks at load, with the kernel's log lines: each case edits one thing in the
 * fixtures' BTF (or the extension's code) and expects the kernel's refusal.
 */
class FreplaceCheckTest {
    private final SimKernel kernel = new SimKernel();
    private final SimProcess root = kernel.rootProcess();

    private LoadedObject rootlet(UnaryOperator<Btf> edit) throws Exception {
        return FixtureObjects.load(root, FixtureObjects.fixture("rootlet-el.o"), Optional.empty(), edit);
    }

    /** The kernel's log line refusing the firewall extension of {@code target}'s slot0. */
    private String refusal(LoadedObject target, UnaryOperator<Btf> editExt) {
        LoaderException e = assertThrows(LoaderException.class, () -> FixtureObjects.load(root,
                FixtureObjects.fixture("dispatch_fw_ext-el.o"), Optional.of(new AttachTarget(prog(target), "slot0")),
                editExt));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getCause() instanceof ProgLoadException, "the kernel refused it: " + e.getCause());
        return e.log().strip();
    }

    /** {@code btf} with the type {@code id} replaced. */
    static Btf with(Btf btf, int id, BtfType t) {
        List<BtfType> types = new ArrayList<>(btf.types());
        types.set(id - btf.firstId(), t);
        return Btf.of(types, btf.strings(), btf.byteOrder(), null);
    }

    static UnaryOperator<Btf> editFunc(String name, java.util.function.BiFunction<Btf, BtfType.Func, Btf> f) {
        return b -> {
            int id = ExtensionTargets.functionId(b, name).value();
            return f.apply(b, (BtfType.Func) b.type(id));
        };
    }

    @Test
    void staticTargetFunction() throws Exception {
        LoadedObject r = rootlet(editFunc("slot0", (b, fn) -> with(b,
                ExtensionTargets.functionId(b, "slot0").value(),
                new BtfType.Func(fn.name(), fn.nameOff(), fn.kindFlag(), fn.type(), BtfType.Func.STATIC))));
        assertEquals("Cannot replace static functions", refusal(r, b -> b));
    }

    @Test
    void argumentCount() throws Exception {
        String why = refusal(rootlet(b -> b), editFunc("fw_ext", (b, fn) -> {
            BtfType.FuncProto p = (BtfType.FuncProto) b.type(fn.type());
            List<BtfType.Param> params = new ArrayList<>(p.params());
            params.add(new BtfType.Param("", 0, p.returnType()));
            return with(b, fn.type(), new BtfType.FuncProto(p.name(), p.nameOff(), p.kindFlag(),
                    p.returnType(), params));
        }));
        assertEquals("fw_ext() has 2 args while slot0() has 1 args", why);
    }

    @Test
    void returnType() throws Exception {
        String why = refusal(rootlet(b -> b), editFunc("fw_ext", (b, fn) -> {
            BtfType.FuncProto p = (BtfType.FuncProto) b.type(fn.type());
            return with(b, fn.type(), new BtfType.FuncProto(p.name(), p.nameOff(), p.kindFlag(),
                    p.params().get(0).type(), p.params()));
        }));
        assertEquals("Return type PTR of fw_ext() doesn't match type INT of slot0()", why);
    }

    @Test
    void extensionThatChangesPacketData() throws Exception {
        LoadedObject r = rootlet(b -> b);
        LoadedObject fw = FixtureObjects.load(root, FixtureObjects.fixture("dispatch_fw_ext-el.o"),
                Optional.of(new AttachTarget(prog(r), "slot0")));
        Btf fwBtf = btf(fw);
        BtfFd btf = root.btfLoad(BtfWriter.write(fwBtf), LogOptions.NONE);
        // fw_ext's prototype, but code that calls bpf_xdp_adjust_head(ctx, 0).
        ProgLoadAttr attr = new ProgLoadAttr(ProgType.EXT, Optional.empty(), "grow",
                Asm.insns("b7 2 0 0 0; 85 0 0 0 44; b7 0 0 0 2; 95 0 0 0 0"), "GPL",
                Optional.of(btf), List.of(new FuncInfo(0, ExtensionTargets.functionId(fwBtf, "fw_ext"))),
                List.of(), LogOptions.NONE, Optional.of(prog(r)),
                Optional.of(ExtensionTargets.functionId(btf(r), "slot0")), List.of(), 0);
        ProgLoadException e = assertThrows(ProgLoadException.class, () -> root.progLoad(attr));
        assertEquals("Extension program changes packet data, while original does not", e.log().strip());
    }
}
