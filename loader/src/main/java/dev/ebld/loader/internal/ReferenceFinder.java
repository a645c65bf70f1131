package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Reference;
import dev.ebld.loader.kernel.Errno;
import java.util.Map;

/**
 * Turns one ELF relocation of a code section into the symbolic {@link Reference} it means, with
 * the rules of libbpf's {@code bpf_program__record_reloc}: a call to a {@code .text} function
 * (by its symbol, or by the section symbol plus the call's own displacement), {@code ld_imm64}
 * of a map symbol, of a data section plus offset (symbol value plus the instruction's addend),
 * of a function (a callback), or of an extern.
 */
public final class ReferenceFinder {
    private final ObjectContext ctx;
    private final Map<Integer, String> dataMaps;
    private final Map<String, Extern> externs;

    public ReferenceFinder(ObjectContext ctx, Map<Integer, String> dataMaps, Map<String, Extern> externs) {
        this.ctx = ctx;
        this.dataMaps = dataMaps;
        this.externs = externs;
    }

    public Reference fromRelocation(Section s, long off, Insn insn, Relocation r) {
        ElfSymbol sym = ctx.elf().symbol(r.symbolIndex());
        String symName = sym.type() == ElfSymbol.STT_SECTION ? ctx.sectionName(sym.shndx()) : sym.name();
        if (insn instanceof Jump.Call c && c.target() == CallKind.LOCAL) {
            if (sym.isUndefined()) {
                return extern(s, off, sym.name(), true);
            }
            return subprogAt(s, off, sym, sym.value() + (c.imm() + 1L) * 8);
        }
        if (!(insn instanceof LdImm64 ld)) {
            throw ctx.error(LoaderDiagnosticKind.BAD_RELOCATION, s.name(), off, symName, Errno.EINVAL,
                    "relocation against " + insn.kind() + ", not ld_imm64 or call");
        }
        if (sym.isUndefined()) {
            return extern(s, off, sym.name(), false);
        }
        String target = ctx.sectionName(sym.shndx());
        if (target.equals(MapCollector.MAPS_SEC) || target.equals(MapCollector.LEGACY_MAPS_SEC)) {
            return mapAt(s, off, sym, sym.value() + (sym.type() == ElfSymbol.STT_SECTION ? ld.lo() : 0));
        }
        String data = dataMaps.get(sym.shndx());
        if (data != null) {
            return new Reference.MapValue(data, (int) (sym.value() + ld.lo()));
        }
        if (target.equals(ProgramCollector.TEXT)) {
            return subprogAt(s, off, sym, sym.value() + ld.lo());
        }
        throw ctx.error(LoaderDiagnosticKind.BAD_RELOCATION, s.name(), off, symName, Errno.EINVAL,
                "ld_imm64 refers to section " + target + ", which is neither a map nor data nor code");
    }

    /** The {@code .text} function starting at byte {@code target} of the section of {@code sym}. */
    private Reference subprogAt(Section s, long off, ElfSymbol sym, long target) {
        if (sym.shndx() >= ctx.elf().sections().size()
                || !ctx.sectionName(sym.shndx()).equals(ProgramCollector.TEXT)) {
            throw ctx.error(LoaderDiagnosticKind.BAD_CALL, s.name(), off, sym.name(), Errno.EINVAL,
                    "call to " + sym.name() + " in " + ctx.sectionName(sym.shndx())
                            + ", not a .text subprogram");
        }
        return subprogAt(ctx.section(sym.shndx()), off, target);
    }

    /** The function starting at byte {@code target} of {@code in}, for a reference from {@code off}. */
    Reference subprogAt(Section in, long off, long target) {
        return ctx.symbolAt(in.index(), target, true)
                .<Reference>map(f -> new Reference.Subprog(ctx.functionKey(f)))
                .orElseThrow(() -> ctx.error(LoaderDiagnosticKind.BAD_CALL, in.name(), off, null, Errno.EINVAL,
                        "no function starts at " + in.name() + "+0x" + Long.toHexString(target)));
    }

    private Reference mapAt(Section s, long off, ElfSymbol sym, long value) {
        if (sym.type() != ElfSymbol.STT_SECTION) {
            return new Reference.Map(sym.name());
        }
        return ctx.symbolAt(sym.shndx(), value, false).<Reference>map(m -> new Reference.Map(m.name()))
                .orElseThrow(() -> ctx.error(LoaderDiagnosticKind.BAD_RELOCATION, s.name(), off, null, Errno.EINVAL,
                        "no map at " + ctx.sectionName(sym.shndx()) + "+0x" + Long.toHexString(value)));
    }

    private Reference extern(Section s, long off, String name, boolean call) {
        Extern e = externs.get(name);
        if (e == null) {
            throw ctx.error(LoaderDiagnosticKind.UNRESOLVED_EXTERN, s.name(), off, name, Errno.ESRCH,
                    "reference to undefined symbol '" + name + "'");
        }
        if (call != e.func()) {
            throw ctx.error(LoaderDiagnosticKind.BAD_EXTERN, s.name(), off, name, Errno.EINVAL, call
                    ? "call to extern '" + name + "', which is not a function"
                    : "ld_imm64 of extern function '" + name + "'");
        }
        return switch (e.kind()) {
            case KCONFIG -> new Reference.Kconfig(name, e.offset());
            case KSYM -> new Reference.Ksym(name, e.weak());
            // A linked extern function is a symbol resolved at load, like a ksym; its Extern
            // kind tells the resolver to look in loaded libraries first.
            case LINKED -> new Reference.Ksym(name, e.weak());
        };
    }
}
