package dev.ebld.linker;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfType;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The public API: paths, atomicity, link maps, and what the output promises. */
class LinkerTest {
    @TempDir
    Path tmp;

    private static Fixtures.Scenario scenario(String name) {
        return Fixtures.scenarios().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void refusesToOverwriteAnInput() throws Exception {
        Path in = tmp.resolve("a.o");
        Files.copy(Fixtures.obj("rootlet-el.o"), in);
        byte[] before = Files.readAllBytes(in);
        LinkException e = catchThrowableOfType(LinkException.class,
                () -> Linker.link(List.of(LinkInput.of(in)), LinkOptions.defaults()).write(in));
        assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.message()).contains("would overwrite"));
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
    }

    @Test
    void aFailedLinkWritesNothing() throws Exception {
        LinkException e = catchThrowableOfType(LinkException.class,
                () -> Linker.link(scenario("neg_dup").linkInputs("el"), LinkOptions.defaults()));
        assertThat(e).isNotNull();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void linksInMemoryWithoutAnOutputName() throws Exception {
        Linked l = Linker.link(scenario("rootlet_ab").linkInputs("el"), LinkOptions.defaults());
        Path out = tmp.resolve("out.o");
        l.write(out);
        assertThat(Files.readAllBytes(out)).isEqualTo(l.bytes());
        byte[] bytes = l.bytes();
        bytes[0] = 0;
        assertThat(l.bytes()[0]).as("bytes() hands out a copy").isEqualTo((byte) 0x7f);
    }

    @Test
    void statsNameEveryStageInOrder() throws Exception {
        LinkStats stats = Linker.link(scenario("rootlet_ab").linkInputs("el"), LinkOptions.defaults())
                .write(tmp.resolve("out.o"));
        assertThat(stats.stages()).extracting(LinkStats.Stage::name)
                .containsExactly("read", "resolve", "layout", "symbols", "relocate", "btf", "assemble", "write");
        assertThat(stats.stages()).allSatisfy(s -> assertThat(s.nanos()).isNotNegative());
        assertThat(stats.totalNanos()).isEqualTo(stats.stages().stream().mapToLong(LinkStats.Stage::nanos).sum());
        assertThat(stats.format()).containsPattern("(?m)^  btf +\\d+\\.\\d ms$").containsPattern("(?m)^  total +\\d+\\.\\d ms$");
    }

    @Test
    void writesALinkMap() throws Exception {
        Path out = tmp.resolve("out.o");
        Path map = tmp.resolve("out.map");
        Linked r = Linker.link(scenario("rootlet_ab").linkInputs("el"), LinkOptions.defaults());
        r.write(out);
        r.writeMap(map);
        String text = Files.readString(map);
        assertThat(text).contains("Sections:", ".text", "rootlet-el.o:(.text+0x0)", "component_a-el.o:(.text+0x0)");
        assertThat(text).containsPattern("GLOBAL DEFAULT slot0 +\\.text\\+0x20 from .*component_a-el\\.o:\\(\\.text\\+0x0\\)");
        assertThat(text).containsPattern("lost: .*rootlet-el\\.o:\\(\\.text\\+0x0\\)");
        assertThat(r.map().symbols()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("slot1");
            assertThat(s.winner().file()).contains("component_b-el.o");
            assertThat(s.losers()).singleElement().asString().contains("rootlet-el.o");
        });
    }

    @Test
    void linkMapListsUnresolvedReferences() throws Exception {
        Linked r = Linker.link(scenario("rootlet_ext_alone").linkInputs("el"), LinkOptions.defaults());
        assertThat(r.map().unresolved()).extracting(LinkMap.Unresolved::symbol).containsExactly("slot0", "slot1");
    }

    @Test
    void sameSectionCallsAreResolvedAndCrossSectionCallsKeepRelocations() throws Exception {
        Linked l = Linker.link(scenario("link_calls").linkInputs("el"), LinkOptions.defaults());
        // b_add (b.o) calls a_mul (a.o): both in .text, so resolved; programs calling into .text keep theirs.
        assertThat(l.map().resolvedCalls()).isEqualTo(1);
        assertThat(l.object().sections()).noneMatch(s -> s.name().equals(".rel.text"));
        assertThat(l.object().sections()).anyMatch(s -> s.name().equals(".relxdp"));
    }

    static List<Fixtures.Scenario> linkScenarios() {
        return Fixtures.scenarios("link");
    }

    /** BTF and the symbol table cannot disagree: every global VAR's DATASEC entry is its symbol. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("linkScenarios")
    void datasecOffsetsMatchTheSymbolTable(Fixtures.Scenario s) throws Exception {
        Path out = tmp.resolve("out.o");
        Linker.link(s.linkInputs("el"), LinkOptions.defaults()).write(out);
        ElfObject o = ElfReader.read(out);
        Btf btf = BtfFiles.fromElf(o, null);
        for (BtfType t : btf.types()) {
            if (t instanceof BtfType.Datasec d && o.section(d.name()).isPresent()) {
                assertThat(d.size()).isEqualTo(o.section(d.name()).get().size());
                for (BtfType.VarSecinfo v : d.vars()) {
                    BtfType var = btf.type(v.type());
                    if (var instanceof BtfType.Var gv && gv.linkage() == BtfType.Var.GLOBAL) {
                        ElfSymbol sym = o.symbols().stream().filter(x -> x.name().equals(gv.name())).findFirst().orElseThrow();
                        assertThat(o.section(sym.shndx()).name()).as(gv.name()).isEqualTo(d.name());
                        assertThat((long) v.offset()).as(gv.name()).isEqualTo(sym.value());
                    }
                }
            }
        }
    }

    @Test
    void losingWeakMapLeavesNoPhantomBytes() throws Exception {
        Path out = tmp.resolve("out.o");
        Linker.link(scenario("link_maps").linkInputs("el"), LinkOptions.defaults()).write(out);
        ElfObject o = ElfReader.read(out);
        long maps = o.section(".maps").orElseThrow().size();
        int idx = o.section(".maps").get().index();
        long defined = o.symbols().stream().filter(x -> x.shndx() == idx && x.type() == ElfSymbol.STT_OBJECT)
                .mapToLong(ElfSymbol::size).sum();
        assertThat(maps).isEqualTo(defined);
        // libbpf's output keeps the loser's 32 bytes (read from llvm-readelf's listing of it: our
        // reader refuses libbpf's symbol table, whose sh_info is 0).
        String peer = Files.readAllLines(Fixtures.dir().resolve("golden/link/link_maps.readelf.txt")).stream()
                .filter(l -> l.contains(" .maps ")).findFirst().orElseThrow();
        long peerSize = Long.parseLong(peer.trim().split("\\s+")[6], 16);
        assertThat(peerSize).isEqualTo(maps + 32);
    }
}
