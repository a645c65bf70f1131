package dev.ebld.linker.internal;

import dev.ebld.diag.Diagnostic;
import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.SectionType;
import dev.ebld.linker.LinkDiagnosticKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SymbolResolverTest {
    @TempDir
    Path dir;

    /** An object defining {@code name} in .text with the given binding and visibility, or declaring it. */
    private static ElfObject obj(String file, String name, int bind, int vis, boolean define) {
        ElfBuilder b = Objs.builder(file);
        int text = b.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.mov(1), Objs.exit()));
        b.addSymbol(name, bind, define ? ElfSymbol.STT_FUNC : ElfSymbol.STT_NOTYPE, vis, define ? text : 0, 0,
                define ? 16 : 0);
        b.addSymbol("helper", ElfSymbol.STB_LOCAL, ElfSymbol.STT_FUNC, 0, text, 0, 16);
        return b.build();
    }

    private Resolution resolve(ElfObject... objs) throws Exception {
        SymbolResolver.Result r = SymbolResolver.resolve(Objs.read(Objs.write(dir, objs)));
        assertThat(r.diagnostics().hasErrors()).as("%s", r.diagnostics().all()).isFalse();
        return r.resolution();
    }

    @Test
    void strongBeatsEarlierWeak() throws Exception {
        Resolution r = resolve(obj("a.o", "f", ElfSymbol.STB_WEAK, 0, true),
                obj("b.o", "f", ElfSymbol.STB_GLOBAL, 0, true));
        GlobalSymbol f = r.find("f").orElseThrow();
        assertThat(f.winner().orElseThrow().file()).isEqualTo(1);
        assertThat(f.losers()).hasSize(1);
        assertThat(f.bind()).isEqualTo(ElfSymbol.STB_GLOBAL);
    }

    @Test
    void firstWeakWinsAmongWeak() throws Exception {
        Resolution r = resolve(obj("a.o", "f", ElfSymbol.STB_WEAK, 0, true),
                obj("b.o", "f", ElfSymbol.STB_WEAK, 0, true));
        GlobalSymbol f = r.find("f").orElseThrow();
        assertThat(f.winner().orElseThrow().file()).isEqualTo(0);
        assertThat(f.bind()).isEqualTo(ElfSymbol.STB_WEAK);
    }

    @Test
    void nonWeakExternMakesTheResultStrong() throws Exception {
        Resolution r = resolve(obj("a.o", "f", ElfSymbol.STB_WEAK, 0, true),
                obj("b.o", "f", ElfSymbol.STB_GLOBAL, 0, false));
        assertThat(r.find("f").orElseThrow().bind()).isEqualTo(ElfSymbol.STB_GLOBAL);
        assertThat(r.find("f").orElseThrow().winner().orElseThrow().file()).isEqualTo(0);
    }

    @Test
    void hiddenFromALosingDeclarationWins() throws Exception {
        Resolution r = resolve(obj("a.o", "f", ElfSymbol.STB_GLOBAL, 0, true),
                obj("b.o", "f", ElfSymbol.STB_WEAK, ElfSymbol.STV_HIDDEN, true),
                obj("c.o", "f", ElfSymbol.STB_GLOBAL, 0, false));
        assertThat(r.find("f").orElseThrow().visibility()).isEqualTo(ElfSymbol.STV_HIDDEN);
    }

    @Test
    void externOnlyStaysUndefined() throws Exception {
        Resolution r = resolve(obj("a.o", "f", ElfSymbol.STB_GLOBAL, 0, false));
        assertThat(r.find("f").orElseThrow().isDefined()).isFalse();
    }

    @Test
    void localsArePrivate() throws Exception {
        Resolution r = resolve(obj("a.o", "f", ElfSymbol.STB_GLOBAL, 0, true),
                obj("b.o", "g", ElfSymbol.STB_GLOBAL, 0, true));
        assertThat(r.find("helper")).isEmpty();
    }

    @Test
    void twoStrongDefinitionsNameBothPlaces() throws Exception {
        SymbolResolver.Result r = SymbolResolver.resolve(Objs.read(Objs.write(dir,
                obj("a.o", "f", ElfSymbol.STB_GLOBAL, 0, true), obj("b.o", "f", ElfSymbol.STB_GLOBAL, 0, true))));
        assertThat(r.diagnostics().all()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LinkDiagnosticKind.DUPLICATE_SYMBOL);
            assertThat(d.format()).endsWith("b.o:(.text+0x0): error: duplicate symbol: f\n"
                    .replace("\n", "") + "\n>>> defined in " + dir.resolve("a.o") + ":(.text+0x0)\n>>> defined in "
                    + dir.resolve("b.o") + ":(.text+0x0)");
        });
        assertThat(r.diagnostics().all()).extracting(Diagnostic::isError).containsOnly(true);
    }

    @Test
    void aGlobalDefinedInADroppedSectionFollowsItsNameToAnotherFile() throws Exception {
        // a.o defines foo in .debug_info (dropped by the link) and calls it from .text; b.o
        // defines foo in .text. a.o's symbol declares nothing, but still stands for the name.
        ElfBuilder a = Objs.builder("a.o");
        int text = a.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.call(-1), Objs.exit()));
        int debug = a.addSection(".debug_info", SectionType.SHT_PROGBITS, 0, 1, new byte[8]);
        ElfBuilder.SymbolRef foo = Objs.global(a, "foo", ElfSymbol.STT_FUNC, debug, 0, 8);
        a.addRelocations(text, java.util.List.of(new ElfBuilder.Reloc(0, foo, dev.ebld.elf.Relocation.R_BPF_64_32)));
        InputSet inputs = Objs.read(Objs.write(dir, a.build(), obj("b.o", "foo", ElfSymbol.STB_GLOBAL, 0, true)));
        SymbolResolver.Result r = SymbolResolver.resolve(inputs);
        assertThat(r.diagnostics().hasErrors()).as("%s", r.diagnostics().all()).isFalse();
        GlobalSymbol g = r.resolution().find("foo").orElseThrow();
        assertThat(g.declarations()).singleElement().satisfies(d -> assertThat(d.file()).isEqualTo(1));
        java.util.List<ElfSymbol> aSyms = inputs.files().get(0).symbols();
        int inA = java.util.stream.IntStream.range(0, aSyms.size())
                .filter(i -> aSyms.get(i).name().equals("foo")).findFirst().orElseThrow();
        assertThat(r.resolution().globalOf(0, inA)).isEqualTo(r.resolution().idOf("foo"));
    }

    @Test
    void aGlobalDefinedOnlyInADroppedSectionStandsForNothing() throws Exception {
        ElfBuilder a = Objs.builder("a.o");
        a.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.mov(0), Objs.exit()));
        int debug = a.addSection(".debug_info", SectionType.SHT_PROGBITS, 0, 1, new byte[8]);
        Objs.global(a, "only_in_dwarf", ElfSymbol.STT_OBJECT, debug, 0, 8);
        Resolution r = resolve(a.build());
        assertThat(r.find("only_in_dwarf")).isEmpty();
    }
}
