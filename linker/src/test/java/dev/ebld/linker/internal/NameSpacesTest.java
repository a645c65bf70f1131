package dev.ebld.linker.internal;

import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.SectionType;
import dev.ebld.linker.Fixtures;
import dev.ebld.linker.LinkDiagnosticKind;
import dev.ebld.linker.LinkInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A .kconfig extern is never satisfied by an ordinary variable of the same name. */
class NameSpacesTest {
    @TempDir
    Path dir;

    @Test
    void kconfigExternDoesNotResolveToAnOrdinaryDefinition() throws Exception {
        ElfBuilder b = Objs.builder("impostor.o");
        int data = b.addSection(".data", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
        Objs.global(b, "LINUX_KERNEL_VERSION", ElfSymbol.STT_OBJECT, data, 0, 4);
        List<LinkInput> ins = new ArrayList<>();
        ins.add(LinkInput.of(Fixtures.obj("kconfig_ksym-el.o")));
        ins.addAll(Objs.write(dir, b.build()));
        SymbolResolver.Result r = SymbolResolver.resolve(Objs.read(ins));
        assertThat(r.diagnostics().all()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LinkDiagnosticKind.SECTION_MISMATCH);
            assertThat(d.message()).isEqualTo("symbol LINUX_KERNEL_VERSION is declared in the ordinary name space"
                    + " here but in .kconfig in " + Fixtures.obj("kconfig_ksym-el.o"));
        });
    }

    @Test
    void kconfigExternsStayUndefinedAndAreExemptFromNoUndefined() throws Exception {
        List<LinkInput> ins = List.of(LinkInput.of(Fixtures.obj("kconfig_ksym-el.o")));
        InputSet in = Objs.read(ins);
        Resolution res = SymbolResolver.resolve(in).resolution();
        assertThat(res.find("LINUX_KERNEL_VERSION").orElseThrow().space()).isEqualTo(NameSpace.KCONFIG);
        Layout layout = SectionLayout.layOut(in, res).layout();
        RelocationApplier.Result r = RelocationApplier.apply(in, res, layout,
                SymbolTableBuilder.build(in, res, layout).symbols(), true);
        assertThat(r.relocated().unresolved()).isNotEmpty().allMatch(UnresolvedRef::loaderSpace);
        assertThat(r.diagnostics().all()).isEmpty();
    }
}
