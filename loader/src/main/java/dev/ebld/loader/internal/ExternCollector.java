package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.loader.kernel.Errno;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open stage for externs, after libbpf's {@code bpf_object__collect_externs}: every undefined
 * symbol must be a VAR or FUNC of the {@code .kconfig} or {@code .ksyms} DATASEC, or (ebld) a FUNC
 * in no DATASEC or a VAR in no DATASEC or another one, which the load links
 * ({@link Extern.Kind#LINKED}). Kconfig externs
 * are sorted (by descending alignment, ascending size, then name) and laid out in that order, each
 * at its alignment; that layout is the kconfig map's value. After this stage every extern has
 * a kind, a type class and, for kconfig, an offset.
 */
public final class ExternCollector {
    public static final String KCONFIG_SEC = ".kconfig";
    public static final String KSYMS_SEC = ".ksyms";

    /** @param kconfigSize bytes of the kconfig map value, 0 when there are no kconfig externs */
    public record Result(Map<String, Extern> externs, int kconfigSize, int kconfigDatasec) {
    }

    private final ObjectContext ctx;

    public ExternCollector(ObjectContext ctx) {
        this.ctx = ctx;
    }

    public Result collect() {
        List<Extern> found = new ArrayList<>();
        for (ElfSymbol s : ctx.elf().symbols()) {
            if (s.isUndefined() && !s.name().isEmpty() && s.type() != ElfSymbol.STT_SECTION
                    && s.type() != ElfSymbol.STT_FILE) {
                found.add(describe(s));
            }
        }
        found.sort(Comparator.comparing(Extern::kind)
                .thenComparing(e -> e.kind() == Extern.Kind.KCONFIG ? -e.align() : 0)
                .thenComparing(e -> e.kind() == Extern.Kind.KCONFIG ? e.size() : 0)
                .thenComparing(Extern::name));
        Map<String, Extern> out = new LinkedHashMap<>();
        int off = 0;
        for (int i = 0; i < found.size(); i++) {
            Extern e = found.get(i);
            if (e.kind() == Extern.Kind.KCONFIG) {
                off = (off + e.align() - 1) / e.align() * e.align();
                out.put(e.name(), e.at(off, i));
                off += e.size();
            } else {
                out.put(e.name(), e.at(0, i));
            }
        }
        int ds = ctx.btf().flatMap(b -> b.find(KCONFIG_SEC, BtfKind.DATASEC)).orElse(0);
        return new Result(out, off, ds);
    }

    private Extern describe(ElfSymbol s) {
        Btf btf = ctx.requireBtf(null, s.name());
        int id = externType(btf, s.name());
        boolean weak = s.isWeak();
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Func f && datasecOf(btf, id).isEmpty()) {
            // An extern function outside .ksyms: a call the static linker left for the load.
            return new Extern(s.name(), Extern.Kind.LINKED, weak, id, null, 0, 0, 0, true, true, 0, f.type());
        }
        String sec = datasecOf(btf, id);
        if (t instanceof BtfType.Var v && !sec.equals(KSYMS_SEC) && !sec.equals(KCONFIG_SEC)) {
            // An extern variable the static linker left for the load: another object's global.
            boolean typed = BtfTypes.skipModifiersAndTypedefs(btf, v.type()) != 0;
            return new Extern(s.name(), Extern.Kind.LINKED, weak, id, null, 0, 0, 0, false, typed, 0, v.type());
        }
        if (sec.equals(KSYMS_SEC)) {
            boolean func = t.kind() == BtfKind.FUNC;
            boolean typed = !func && BtfTypes.skipModifiersAndTypedefs(btf, ((BtfType.Var) t).type()) != 0;
            int local = ((BtfType.Ref) t).type();
            return new Extern(s.name(), Extern.Kind.KSYM, weak, id, null, 0, 0, 0, func, typed, 0, local);
        }
        if (t.kind() != BtfKind.VAR) {
            throw bad(s.name(), "extern function in unsupported section " + sec);
        }
        int vt = ((BtfType.Var) t).type();
        Extern.KcfgType kt = kcfgType(btf, vt, s.name());
        int size = (int) BtfTypes.sizeOf(btf, vt); // kcfgType accepted only sized types
        int align = kt == Extern.KcfgType.CHAR_ARRAY ? 1 : Math.max(1, Math.min(size, 8));
        return new Extern(s.name(), Extern.Kind.KCONFIG, weak, id, kt, size, align, 0, false, false, 0, vt);
    }

    private int externType(Btf btf, String name) {
        for (int id : btf.findByName(name)) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Var v && v.linkage() == BtfType.Var.EXTERN
                    || t instanceof BtfType.Func f && f.linkage() == BtfType.Func.EXTERN) {
                return id;
            }
        }
        throw ctx.error(LoaderDiagnosticKind.UNRESOLVED_EXTERN, null, -1, name, Errno.ESRCH,
                "failed to find BTF for extern '" + name + "'");
    }

    /** The DATASEC holding {@code id}, or "" for none. */
    private static String datasecOf(Btf btf, int id) {
        for (int i = btf.firstId(); i < btf.typeCount(); i++) {
            if (btf.type(i) instanceof BtfType.Datasec ds
                    && ds.vars().stream().anyMatch(v -> v.type() == id)) {
                return ds.name();
            }
        }
        return "";
    }

    /** libbpf's {@code find_kcfg_type}: bool, the libbpf_tristate enum, char, integers, char[]. */
    private Extern.KcfgType kcfgType(Btf btf, int typeId, String name) {
        BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, typeId));
        if (t instanceof BtfType.IntType i) {
            if (i.size() == 1 && (i.encoding() & BtfType.IntType.BOOL) != 0) {
                return Extern.KcfgType.BOOL;
            }
            if (i.size() == 1) {
                return Extern.KcfgType.CHAR;
            }
            if (i.size() == 1 || i.size() == 2 || i.size() == 4 || i.size() == 8) {
                return Extern.KcfgType.INT;
            }
        } else if (t instanceof BtfType.EnumType e && e.name().equals("libbpf_tristate")) {
            return Extern.KcfgType.TRISTATE;
        } else if (t instanceof BtfType.Array a) {
            BtfType el = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, a.elemType()));
            if (el instanceof BtfType.IntType c && c.size() == 1 && a.nelems() > 0) {
                return Extern.KcfgType.CHAR_ARRAY;
            }
        }
        throw bad(name, "kconfig extern has unsupported type " + t.kind().label());
    }

    private RuntimeException bad(String name, String message) {
        return ctx.error(LoaderDiagnosticKind.BAD_EXTERN, null, -1, name, Errno.EINVAL, message);
    }
}
