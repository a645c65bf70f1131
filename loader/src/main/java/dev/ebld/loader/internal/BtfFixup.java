package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;
import dev.ebld.loader.kernel.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills in what clang leaves for the linker to know: every DATASEC of an ELF section gets that
 * section's size, and every variable in it the value of its ELF symbol as offset (clang writes
 * zeros). Mirrors libbpf's {@code btf_fixup_datasec}, including its rule that a global with
 * hidden or internal visibility becomes a static VAR. Extern DATASECs ({@code .kconfig},
 * {@code .ksyms}) have no section and are laid out by {@link ExternCollector}.
 *
 * <p>After this stage the DATASECs describe the data maps byte for byte, which is what makes
 * typed access to globals by name possible.
 */
public final class BtfFixup {
    private BtfFixup() {
    }

    public static Btf fixDataSecs(ElfObject elf, Btf btf) {
        List<BtfType> types = new ArrayList<>(btf.types());
        boolean changed = false;
        for (int i = 0; i < types.size(); i++) {
            BtfType t = types.get(i);
            if (t.kind() != BtfKind.DATASEC) {
                continue;
            }
            BtfType.Datasec ds = (BtfType.Datasec) t;
            Optional<Section> sec = elf.section(ds.name());
            if (sec.isEmpty()) {
                continue;
            }
            List<BtfType.VarSecinfo> vars = new ArrayList<>();
            for (BtfType.VarSecinfo v : ds.vars()) {
                vars.add(fixVar(elf, btf, types, ds.name(), sec.get(), v));
            }
            types.set(i, new BtfType.Datasec(ds.name(), ds.nameOff(), ds.kindFlag(),
                    (int) sec.get().size(), vars));
            changed = true;
        }
        return changed ? Btf.of(types, btf.strings(), btf.byteOrder(), btf.base().orElse(null)) : btf;
    }

    private static BtfType.VarSecinfo fixVar(ElfObject elf, Btf btf, List<BtfType> types,
            String secName, Section sec, BtfType.VarSecinfo v) {
        BtfType vt = btf.type(v.type());
        if (vt.kind() != BtfKind.VAR) {
            return v;
        }
        BtfType.Var var = (BtfType.Var) vt;
        ElfSymbol sym = findVarSymbol(elf, sec.index(), var.name()).orElseThrow(() ->
                new dev.ebld.loader.LoaderException(LoaderDiagnosticKind.BAD_BTF, new dev.ebld.diag.Location(
                        elf.file(), secName, -1, var.name()), Errno.ENOENT,
                        "BTF variable " + var.name() + " has no ELF symbol in " + secName));
        int vis = sym.visibility();
        if (var.linkage() == BtfType.Var.GLOBAL
                && (vis == ElfSymbol.STV_HIDDEN || vis == ElfSymbol.STV_INTERNAL)) {
            types.set(v.type() - btf.firstId(), new BtfType.Var(var.name(), var.nameOff(),
                    var.kindFlag(), var.type(), BtfType.Var.STATIC));
        }
        return new BtfType.VarSecinfo(v.type(), (int) sym.value(), v.size());
    }

    private static Optional<ElfSymbol> findVarSymbol(ElfObject elf, int shndx, String name) {
        for (ElfSymbol s : elf.symbols()) {
            if (s.shndx() == shndx && s.name().equals(name)
                    && (s.type() == ElfSymbol.STT_OBJECT || s.type() == ElfSymbol.STT_NOTYPE)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
