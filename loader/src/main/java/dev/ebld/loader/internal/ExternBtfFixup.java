package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfStrings;
import dev.ebld.btf.BtfType;
import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.kernel.Errno;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the extern DATASECs loadable, as libbpf's {@code bpf_object__collect_externs} does
 * before the kernel sees the BTF: {@code .kconfig} gets the kconfig map's layout (its size, each
 * variable at its offset); in {@code .ksyms} every variable becomes a 4-byte int at the next
 * 4-byte offset and every function is replaced by one dummy int variable ({@code dummy_ksym}),
 * since a kernel DATASEC may hold only variables; unnamed parameters of extern function
 * prototypes get that name too.
 */
final class ExternBtfFixup {
    static final String DUMMY = "dummy_ksym";

    private ExternBtfFixup() {
    }

    /**
     * The fixed-up BTF; a {@code .ksyms} entry that is neither a VAR nor a FUNC, or an extern
     * FUNC whose type is not a FUNC_PROTO, is a located {@code bad-extern} error (libbpf reads
     * such an entry as a variable and the kernel refuses the BTF).
     */
    static Btf fix(ObjectContext ctx, Btf btf, Map<String, Extern> externs, int kconfigSize) {
        List<BtfType> types = new ArrayList<>(btf.types());
        int intId = findInt(btf);
        BtfStrings strings = btf.strings();
        int dummyName = strings.length();
        int dummyId = btf.typeCount();
        boolean needDummy = false;
        for (int i = 0; i < types.size(); i++) {
            if (!(types.get(i) instanceof BtfType.Datasec ds)) {
                continue;
            }
            if (ds.name().equals(ExternCollector.KCONFIG_SEC)) {
                types.set(i, kconfig(btf, ds, externs, kconfigSize));
            } else if (ds.name().equals(ExternCollector.KSYMS_SEC)) {
                List<BtfType.VarSecinfo> vars = new ArrayList<>();
                int off = 0;
                for (BtfType.VarSecinfo v : ds.vars()) {
                    BtfType t = btf.type(v.type());
                    if (t instanceof BtfType.Var var) {
                        types.set(v.type() - btf.firstId(), new BtfType.Var(var.name(), var.nameOff(),
                                var.kindFlag(), intId, var.linkage()));
                        vars.add(new BtfType.VarSecinfo(v.type(), off, 4));
                    } else if (t instanceof BtfType.Func f && btf.type(f.type()) instanceof BtfType.FuncProto p) {
                        needDummy = true;
                        nameParams(btf, types, f, p, dummyName);
                        vars.add(new BtfType.VarSecinfo(dummyId, off, 4));
                    } else {
                        throw notAKsym(ctx, btf, v.type());
                    }
                    off += 4;
                }
                types.set(i, new BtfType.Datasec(ds.name(), ds.nameOff(), ds.kindFlag(), off, vars));
            }
        }
        if (needDummy) {
            types.add(new BtfType.Var(DUMMY, dummyName, false, intId, BtfType.Var.GLOBAL));
            strings = append(strings, DUMMY);
        }
        return Btf.of(types, strings, btf.byteOrder(), btf.base().orElse(null));
    }

    private static BtfType kconfig(Btf btf, BtfType.Datasec ds, Map<String, Extern> externs, int size) {
        List<BtfType.VarSecinfo> vars = new ArrayList<>();
        for (BtfType.VarSecinfo v : ds.vars()) {
            Extern e = externs.get(btf.type(v.type()).name());
            vars.add(e == null ? v : new BtfType.VarSecinfo(v.type(), e.offset(), e.size()));
        }
        return new BtfType.Datasec(ds.name(), ds.nameOff(), ds.kindFlag(), size, vars);
    }

    private static LoaderException notAKsym(ObjectContext ctx, Btf btf, int id) {
        BtfType t = btf.type(id);
        String what = t instanceof BtfType.Func f ? "FUNC whose type [" + f.type() + "] is a "
                + btf.type(f.type()).kind() + ", not a FUNC_PROTO" : t.kind() + ", not a VAR or FUNC";
        return ctx.error(LoaderDiagnosticKind.BAD_EXTERN, BtfFiles.BTF_SECTION, -1, t.name().isEmpty() ? null : t.name(),
                Errno.EINVAL, "DATASEC " + ExternCollector.KSYMS_SEC + " entry [" + id + "] is a " + what);
    }

    private static void nameParams(Btf btf, List<BtfType> types, BtfType.Func f, BtfType.FuncProto p, int nameOff) {
        List<BtfType.Param> ps = new ArrayList<>();
        boolean changed = false;
        for (BtfType.Param q : p.params()) {
            boolean unnamed = q.nameOff() == 0 && q.type() != 0;
            ps.add(unnamed ? new BtfType.Param(DUMMY, nameOff, q.type()) : q);
            changed |= unnamed;
        }
        if (changed) {
            types.set(f.type() - btf.firstId(), new BtfType.FuncProto(p.name(), p.nameOff(), p.kindFlag(),
                    p.returnType(), ps));
        }
    }

    /** A 4-byte INT the object already has (libbpf's {@code find_int_btf_id}). */
    private static int findInt(Btf btf) {
        for (int id = btf.firstId(); id < btf.typeCount(); id++) {
            if (btf.type(id) instanceof BtfType.IntType i && i.size() == 4 && i.bits() == 32
                    && i.kind() == BtfKind.INT) {
                return id;
            }
        }
        return 0;
    }

    private static BtfStrings append(BtfStrings s, String extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(s.bytes());
        out.writeBytes(extra.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        return BtfStrings.of(out.toByteArray());
    }
}
