package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfExtReader;
import dev.ebld.btf.BtfExtWriter;
import dev.ebld.btf.BtfReader;
import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.DiagnosticKind;
import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfDiagnosticKind;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;
import dev.ebld.elf.SectionType;
import dev.ebld.linker.LinkDiagnosticKind;
import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linked;
import dev.ebld.linker.Fixtures;
import dev.ebld.linker.Goldens;
import dev.ebld.linker.Linker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One case per diagnostic kind the linker reports: each builds the smallest input that triggers
 * it, links through the public API, and compares the diagnostics of that kind (kind id, then the
 * text the CLI prints) with {@code src/test/resources/golden/kinds/<kind>.txt}. A kind added
 * without a case fails {@link #everyKindHasACase}.
 */
class LinkDiagnosticKindTest {
    @TempDir
    Path dir;

    /** A link attempt: returns the diagnostics (errors from the failure, or the warnings). */
    private interface Attempt {
        List<Diagnostic> run(Path dir) throws Exception;
    }

    private static final Map<DiagnosticKind, Attempt> CASES = new LinkedHashMap<>();

    static {
        CASES.put(LinkDiagnosticKind.NO_INPUTS, d -> link(List.of(), false));
        CASES.put(LinkDiagnosticKind.UNREADABLE_INPUT, d -> link(List.of(LinkInput.of(d.resolve("missing.o"))), false));
        CASES.put(LinkDiagnosticKind.BAD_ARCHIVE, d -> link(List.of(LinkInput.of(
                file(d, "bad.a", "!<arch>\nm.o/            0           0     0     644     999       `\nshort"))), false));
        CASES.put(ElfDiagnosticKind.ELF_FORMAT, d -> link(List.of(LinkInput.of(file(d, "g.o", "\u007fELF junk"))), false));
        CASES.put(LinkDiagnosticKind.UNSUPPORTED_SECTION, d -> {
            ElfBuilder b = Objs.builder("hash.o");
            b.addSection(".hash", 5 /* SHT_HASH */, SectionType.SHF_ALLOC, 8, new byte[8]);
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.BTF_FORMAT, d -> {
            ElfBuilder b = Objs.builder("btf.o");
            b.addSection(".BTF", SectionType.SHT_PROGBITS, 0, 4, new byte[] {(byte) 0x9f, (byte) 0xeb, 1, 0});
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.BYTE_ORDER_MISMATCH, d -> {
            ElfBuilder be = new ElfBuilder(ByteOrder.BIG_ENDIAN).file("be.o");
            be.addSection(".data", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
            return link(Objs.write(d, data("le.o", "x"), be.build()), false);
        });
        CASES.put(LinkDiagnosticKind.COMMON_SYMBOL, d -> {
            ElfBuilder b = Objs.builder("common.o");
            b.addSection(".data", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
            Objs.global(b, "shared", ElfSymbol.STT_OBJECT, ElfSymbol.SHN_COMMON, 8, 8);
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.DUPLICATE_SYMBOL, d -> link(Objs.write(d, data("a.o", "x"), data("b.o", "x")), false));
        CASES.put(LinkDiagnosticKind.SECTION_MISMATCH, d -> {
            ElfBuilder b = Objs.builder("kconfig.o");
            int k = b.addSection(".kconfig", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
            Objs.global(b, "CONFIG_X", ElfSymbol.STT_OBJECT, k, 0, 8);
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.TYPE_MISMATCH, d -> {
            ElfBuilder b = Objs.builder("fn.o");
            int t = b.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.mov(0), Objs.exit()));
            Objs.weak(b, "x", ElfSymbol.STT_FUNC, t, 0, 16);
            return link(Objs.write(d, data("a.o", "x"), b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.MAP_MISMATCH, d -> scenario("neg_map"));
        CASES.put(LinkDiagnosticKind.LICENSE_MISMATCH, d -> link(Objs.write(d, license("a.o", "GPL"),
                license("b.o", "Dual BSD/GPL")), false));
        CASES.put(LinkDiagnosticKind.LOCAL_SYMBOL_DROPPED, d -> {
            ElfBuilder b = Objs.builder("local.o");
            int s = b.addSection(".data", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
            b.addSymbol("past_end", ElfSymbol.STB_LOCAL, ElfSymbol.STT_OBJECT, ElfSymbol.STV_DEFAULT, s, 64, 4);
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.SYMBOL_OUTSIDE_SECTION, d -> {
            ElfBuilder b = Objs.builder("outside.o");
            int s = b.addSection(".data", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
            Objs.global(b, "past_end", ElfSymbol.STT_OBJECT, s, 64, 4);
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.BAD_RELOCATION_SYMBOL, d -> relocating(d, "badsym.o", null, 0, Relocation.R_BPF_64_32));
        CASES.put(LinkDiagnosticKind.BAD_RELOCATION_OFFSET, d -> relocating(d, "badoff.o", "callee", 4, Relocation.R_BPF_64_32));
        CASES.put(LinkDiagnosticKind.RELOCATION_TO_UNLINKED_SECTION, d -> {
            ElfBuilder b = Objs.builder("dropped.o");
            int t = b.addSection("xdp", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.ldImm64(0), Objs.exit()));
            int dbg = b.addSection(".debug_str", SectionType.SHT_PROGBITS, 0, 1, new byte[8]);
            ElfBuilder.SymbolRef s = b.addSymbol("in_debug", ElfSymbol.STB_LOCAL, ElfSymbol.STT_OBJECT,
                    ElfSymbol.STV_DEFAULT, dbg, 0, 4);
            Objs.global(b, "prog", ElfSymbol.STT_FUNC, t, 0, 24);
            b.addRelocations(t, List.of(new ElfBuilder.Reloc(0, s, Relocation.R_BPF_64_64)));
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.UNSUPPORTED_RELOCATION_OPCODE, d -> {
            ElfBuilder b = Objs.builder("opcode.o");
            int t = b.addSection("xdp", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.mov(0), Objs.exit()));
            b.addRelocations(t, List.of(new ElfBuilder.Reloc(0, b.addSectionSymbol(t), Relocation.R_BPF_64_32)));
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.RELOCATION_TARGET_NOT_LINKED, d -> {
            ElfBuilder b = Objs.builder("target.o");
            int t = b.addSection("xdp", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.call(40), Objs.exit()));
            b.addRelocations(t, List.of(new ElfBuilder.Reloc(0, b.addSectionSymbol(t), Relocation.R_BPF_64_32)));
            return link(Objs.write(d, b.build()), false);
        });
        CASES.put(LinkDiagnosticKind.UNDEFINED_SYMBOL, d -> relocating(d, "undef.o", "missing_fn", 0, Relocation.R_BPF_64_32));
        CASES.put(LinkDiagnosticKind.BTF_EXT_RECORD_SIZE, d -> {
            Path wide = rewriteBtfExt(d, "wide.o", ext -> BtfExt.of(ext.order(),
                    ext.funcInfo().recordSize() + 4, widen(ext.funcInfo().sections()),
                    ext.lineInfo().recordSize(), ext.lineInfo().sections(),
                    ext.coreRelos().recordSize(), ext.coreRelos().sections()), null);
            return link(List.of(LinkInput.of(fixture("link_calls_b-el.o")), LinkInput.of(wide)), false);
        });
        CASES.put(LinkDiagnosticKind.BTF_EXT_RECORDS_DROPPED, d -> {
            Path renamed = rewriteBtfExt(d, "renamed.o", null, "calls_a");
            return link(List.of(LinkInput.of(renamed)), false);
        });
        CASES.put(LinkDiagnosticKind.OUTPUT_OVERWRITES_INPUT, d -> {
            List<LinkInput> in = Objs.write(d, data("self.o", "x"));
            Linked l = Linker.link(in, LinkOptions.defaults());
            try {
                l.write(in.get(0).path());
                throw new AssertionError("writing over the input must fail");
            } catch (LinkException e) {
                return e.diagnostics();
            }
        });
    }

    static Stream<DiagnosticKind> kinds() {
        return CASES.keySet().stream();
    }

    @Test
    void everyKindHasACase() {
        assertThat(CASES.keySet()).containsAll(Arrays.asList(LinkDiagnosticKind.values()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void kindHasItsGoldenText(DiagnosticKind kind) throws Exception {
        List<Diagnostic> all = CASES.get(kind).run(dir);
        List<Diagnostic> mine = all.stream().filter(x -> x.kind() == kind).toList();
        assertThat(mine).as("diagnostics of kind %s among %s", kind.id(), all).isNotEmpty();
        String text = "kind: " + kind.id() + "\n" + mine.stream().map(Diagnostic::format)
                .collect(Collectors.joining("\n", "", "\n"))
                .replace(dir.toString() + "/", "").replace(dir.toString(), "")
                .replace(Fixtures.dir().resolve("obj") + "/", "");
        Goldens.assertMatches(Path.of("src/test/resources/golden/kinds").resolve(kind.id() + ".txt"), text);
    }

    // --- inputs ---

    private static List<Diagnostic> link(List<LinkInput> inputs, boolean noUndefined) throws Exception {
        try {
            return Linker.link(inputs, new LinkOptions(noUndefined)).warnings();
        } catch (LinkException e) {
            return e.diagnostics();
        }
    }

    private static List<Diagnostic> scenario(String name) throws Exception {
        return link(Fixtures.scenarios().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()
                .linkInputs("el"), true);
    }

    private static Path file(Path dir, String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Path fixture(String name) {
        return Fixtures.obj(name);
    }

    /** An object defining the 8-byte variable {@code name} in .data. */
    private static ElfObject data(String file, String name) {
        ElfBuilder b = Objs.builder(file);
        int s = b.addSection(".data", SectionType.SHT_PROGBITS, Objs.DATA, 8, new byte[8]);
        Objs.global(b, name, ElfSymbol.STT_OBJECT, s, 0, 8);
        return b.build();
    }

    private static ElfObject license(String file, String text) {
        ElfBuilder b = Objs.builder(file);
        b.addSection("license", SectionType.SHT_PROGBITS, Objs.DATA, 1, (text + "\0").getBytes(StandardCharsets.US_ASCII));
        return b.build();
    }

    /** xdp calling {@code target} (null: symbol index 0, STN_UNDEF) with a relocation at {@code offset}. */
    private static List<Diagnostic> relocating(Path dir, String file, String target, long offset, int type) throws Exception {
        ElfBuilder b = Objs.builder(file);
        int t = b.addSection("xdp", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(Objs.call(-1), Objs.exit()));
        Objs.global(b, "prog", ElfSymbol.STT_FUNC, t, 0, 16);
        ElfBuilder.SymbolRef sym = Objs.extern(b, target == null ? "replaced" : target);
        b.addRelocations(t, List.of(new ElfBuilder.Reloc(offset, sym, type)));
        ElfObject o = b.build();
        if (target == null) {
            o = withSymbolIndex(o, 0);
        }
        return link(Objs.write(dir, o), true);
    }

    /** {@code o} with every relocation pointing at symbol {@code index}. */
    private static ElfObject withSymbolIndex(ElfObject o, int index) {
        List<Section> sections = new ArrayList<>();
        for (Section s : o.sections()) {
            if (s.content() instanceof SectionContent.Relocations r) {
                List<Relocation> moved = r.relocations().stream()
                        .map(x -> new Relocation(x.offset(), index, x.type(), x.addend())).toList();
                s = s.withContent(new SectionContent.Relocations(moved, r.rela()));
            }
            sections.add(s);
        }
        return new ElfObject(o.file(), o.header(), sections, o.shstrndx(), o.sectionHeaderOffset());
    }

    private interface ExtChange {
        BtfExt apply(BtfExt ext);
    }

    /**
     * link_calls_a-el.o with its .BTF.ext changed: by {@code change}, or with every section's
     * records moved to the section named by the BTF string {@code renameTo} (which names no section).
     */
    private static Path rewriteBtfExt(Path dir, String name, ExtChange change, String renameTo) throws Exception {
        ElfObject o = ElfReader.read(fixture("link_calls_a-el.o"));
        Btf btf = BtfReader.read(o.section(".BTF").orElseThrow().data());
        Section extSec = o.section(".BTF.ext").orElseThrow();
        BtfExt ext = BtfExtReader.read(extSec.data(), btf);
        BtfExt changed = change != null ? change.apply(ext) : BtfExt.of(ext.order(),
                ext.funcInfo().recordSize(), renamed(ext.funcInfo().sections(), btf, renameTo),
                ext.lineInfo().recordSize(), renamed(ext.lineInfo().sections(), btf, renameTo),
                ext.coreRelos().recordSize(), renamed(ext.coreRelos().sections(), btf, renameTo));
        List<Section> sections = new ArrayList<>(o.sections());
        sections.set(extSec.index(), extSec.withContent(new SectionContent.Bytes(BtfExtWriter.write(changed))));
        ElfObject out = new ElfObject(name, o.header(), sections, o.shstrndx(), o.sectionHeaderOffset()).layOut();
        Path p = dir.resolve(name);
        Files.write(p, ElfWriter.write(out));
        return p;
    }

    private static <T> List<BtfExt.SectionInfo<T>> renamed(List<BtfExt.SectionInfo<T>> in, Btf btf, String to) {
        int off = stringOffset(btf, to);
        return in.stream().map(s -> new BtfExt.SectionInfo<>(to, off, s.records())).toList();
    }

    private static List<BtfExt.SectionInfo<BtfExt.FuncInfo>> widen(List<BtfExt.SectionInfo<BtfExt.FuncInfo>> in) {
        return in.stream().map(s -> new BtfExt.SectionInfo<>(s.secName(), s.secNameOff(), s.records().stream()
                .map(r -> new BtfExt.FuncInfo(r.insnOff(), r.typeId(), new byte[4])).toList())).toList();
    }

    private static int stringOffset(Btf btf, String s) {
        byte[] strings = btf.strings().bytes();
        byte[] want = (s + "\0").getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i + want.length <= strings.length; i++) {
            if (strings[i - 1] == 0 && Arrays.equals(strings, i, i + want.length, want, 0, want.length)) {
                return i;
            }
        }
        throw new AssertionError("no string " + s + " in BTF");
    }
}
