package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.diag.Location;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.kernel.Errno;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * What every open stage reads: the ELF object, its BTF with DATASECs already fixed up
 * ({@link BtfFixup}), its {@code .BTF.ext}, and libbpf's object name (the file name up to its
 * first '.'), which prefixes the names of data maps.
 */
public record ObjectContext(ElfObject elf, Optional<Btf> btf, Optional<BtfExt> ext, String objName) {

    /** The same object with its extern DATASECs laid out ({@link ExternBtfFixup}). */
    public ObjectContext withExterns(ExternCollector.Result externs) {
        if (btf.isEmpty() || externs.externs().isEmpty()) {
            return this;
        }
        Btf fixed = ExternBtfFixup.fix(this, btf.get(), externs.externs(), externs.kconfigSize());
        return new ObjectContext(elf, Optional.of(fixed), ext, objName);
    }

    public String file() {
        return elf.file();
    }

    public ByteOrder order() {
        return elf.header().byteOrder();
    }

    public Btf requireBtf(String section, String symbol) {
        return btf.orElseThrow(() -> error(LoaderDiagnosticKind.NO_BTF, section, -1, symbol, Errno.EINVAL,
                "needs BTF, but the object has no .BTF section"));
    }

    public Optional<ElfSymbol> symbolAt(int sectionIndex, long value, boolean functionsOnly) {
        for (ElfSymbol s : elf.symbols()) {
            if (s.shndx() == sectionIndex && s.value() == value && !s.name().isEmpty()
                    && s.type() != ElfSymbol.STT_SECTION
                    && (!functionsOnly || s.type() == ElfSymbol.STT_FUNC)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The name a function goes by in the loader: its symbol name, or, for a static function
     * whose name another function of the same section also has (two objects' {@code static
     * helper} after a static link), the name with its offset ({@code helper@0x28}). libbpf finds
     * subprograms by instruction offset, so both must stay distinct here too.
     */
    public String functionKey(ElfSymbol f) {
        for (ElfSymbol s : elf.symbols()) {
            if (s != f && s.shndx() == f.shndx() && s.type() == ElfSymbol.STT_FUNC && s.name().equals(f.name())
                    && f.isLocal()) {
                return f.name() + "@0x" + Long.toHexString(f.value());
            }
        }
        return f.name();
    }

    public String sectionName(int index) {
        return index > 0 && index < elf.sections().size() ? elf.section(index).name() : "";
    }

    public Section section(int index) {
        return elf.section(index);
    }

    /** A located error in this object. */
    public LoaderException error(LoaderDiagnosticKind kind, String section, long offset, String symbol,
            Errno errno, String message) {
        return new LoaderException(kind, new Location(file(), section, offset, symbol), errno, message);
    }
}
