package dev.ebld.linker.internal;

import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.SectionType;
import dev.ebld.linker.LinkDiagnosticKind;
import dev.ebld.linker.LinkInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelocationApplierTest {
    @TempDir
    Path dir;

    /** Runs stages 1-4. */
    private Relocated relocate(boolean noUndefined, List<LinkInput> ins, Diagnostics[] diagsOut) {
        InputSet inputs = Objs.read(ins);
        Resolution res = SymbolResolver.resolve(inputs).resolution();
        Layout layout = SectionLayout.layOut(inputs, res).layout();
        OutputSymbols syms = SymbolTableBuilder.build(inputs, res, layout).symbols();
        RelocationApplier.Result r = RelocationApplier.apply(inputs, res, layout, syms, noUndefined);
        if (diagsOut != null) {
            diagsOut[0] = r.diagnostics();
        }
        return r.relocated();
    }

    /** a.o: 16 bytes of .text and 8 bytes of .data, so b.o's pieces land at 16 and 8. */
    private static ElfObject padding() {
        ElfBuilder b = Objs.builder("a.o");
        b.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.mov(0), Objs.exit()));
        b.addSection(".data", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
        return b.build();
    }

    @Test
    void sectionRelativeCallMovesBySlotsAndKeepsItsRelocationAcrossSections() throws Exception {
        ElfBuilder b = Objs.builder("b.o");
        int text = b.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8,
                Objs.concat(Objs.mov(0), Objs.exit(), Objs.mov(7), Objs.exit()));
        int xdp = b.addSection("xdp", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.call(1), Objs.exit()));
        ElfBuilder.SymbolRef textSym = b.addSectionSymbol(text);
        Objs.global(b, "prog", ElfSymbol.STT_FUNC, xdp, 0, 16);
        b.addRelocations(xdp, List.of(new ElfBuilder.Reloc(0, textSym, Relocation.R_BPF_64_32)));
        Relocated r = relocate(false, Objs.write(dir, padding(), b.build()), null);
        // Output: .text (id 0), .data (id 1), xdp (id 2). b's .text starts at 16 = 2 slots.
        assertThat(Objs.imm(r.data().get(2), 0)).isEqualTo(1 + 2);
        assertThat(r.relocations().get(2)).singleElement().extracting(Relocation::offset).isEqualTo(0L);
        assertThat(r.resolvedCalls()).isZero();
    }

    @Test
    void sectionRelativeDataReferenceMovesByBytes() throws Exception {
        ElfBuilder b = Objs.builder("b.o");
        int text = b.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.ldImm64(4), Objs.exit()));
        int data = b.addSection(".data", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
        ElfBuilder.SymbolRef dataSym = b.addSectionSymbol(data);
        b.addRelocations(text, List.of(new ElfBuilder.Reloc(0, dataSym, Relocation.R_BPF_64_64)));
        Relocated r = relocate(false, Objs.write(dir, padding(), b.build()), null);
        assertThat(Objs.imm(r.data().get(0), 2)).isEqualTo(4 + 8);
        assertThat(r.relocations().get(0)).singleElement().extracting(Relocation::offset).isEqualTo(16L);
    }

    @Test
    void callIntoTheSameOutputSectionIsResolvedAtLinkTime() throws Exception {
        ElfBuilder a = Objs.builder("a.o");
        int at = a.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.call(-1), Objs.exit()));
        Objs.global(a, "g", ElfSymbol.STT_FUNC, at, 0, 16);
        ElfBuilder.SymbolRef f = Objs.extern(a, "f");
        a.addRelocations(at, List.of(new ElfBuilder.Reloc(0, f, Relocation.R_BPF_64_32)));
        ElfBuilder b = Objs.builder("b.o");
        int bt = b.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.mov(5), Objs.exit()));
        Objs.global(b, "f", ElfSymbol.STT_FUNC, bt, 0, 16);
        Relocated r = relocate(false, Objs.write(dir, a.build(), b.build()), null);
        // f lands at byte 16 = slot 2; the call at slot 0 jumps +1 past itself... to slot 2.
        assertThat(Objs.imm(r.data().get(0), 0)).isEqualTo(1);
        assertThat(r.relocations().get(0)).isEmpty();
        assertThat(r.resolvedCalls()).isEqualTo(1);
    }

    @Test
    void noUndefinedListsEveryReference() throws Exception {
        ElfBuilder a = Objs.builder("a.o");
        int at = a.addSection("xdp", SectionType.SHT_PROGBITS, Objs.EXEC, 8,
                Objs.concat(Objs.call(-1), Objs.call(-1), Objs.exit()));
        Objs.global(a, "p", ElfSymbol.STT_FUNC, at, 0, 24);
        ElfBuilder.SymbolRef f = Objs.extern(a, "missing");
        a.addRelocations(at, List.of(new ElfBuilder.Reloc(0, f, Relocation.R_BPF_64_32),
                new ElfBuilder.Reloc(8, f, Relocation.R_BPF_64_32)));
        Diagnostics[] d = new Diagnostics[1];
        Relocated r = relocate(true, Objs.write(dir, a.build()), d);
        assertThat(r.unresolved()).hasSize(2);
        assertThat(d[0].all()).singleElement().satisfies(diag -> {
            assertThat(diag.kind()).isEqualTo(LinkDiagnosticKind.UNDEFINED_SYMBOL);
            assertThat(diag.notes()).containsExactly("referenced by " + dir.resolve("a.o") + ":(xdp+0x0)",
                    "referenced by " + dir.resolve("a.o") + ":(xdp+0x8)");
        });
    }
}
