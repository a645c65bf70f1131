package dev.ebld.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebld.elf.internal.StringTableBuilder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.ebld.testkit.Oracles;
import dev.ebld.testkit.RequiresTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElfBuilderTest {
    private static final long AX = SectionType.SHF_ALLOC | SectionType.SHF_EXECINSTR;
    private static final long WA = SectionType.SHF_ALLOC | SectionType.SHF_WRITE;

    /**
     * An XDP program that loads the address of a global, calls a global subprogram in .text
     * and returns; the same shape clang gives {@code return sub() + counter;}.
     */
    static ElfObject sample(ByteOrder order) {
        ElfBuilder b = new ElfBuilder(order).file("sample.o");
        int text = b.addSection(".text", SectionType.SHT_PROGBITS, AX, 8,
                insns(order, insn(order, 0xb7, 0, 0, 0, 7), insn(order, 0x95, 0, 0, 0, 0)));
        int xdp = b.addSection("xdp", SectionType.SHT_PROGBITS, AX, 8, insns(order,
                insn(order, 0x18, 1, 0, 0, 0), insn(order, 0, 0, 0, 0, 0),
                insn(order, 0x85, 0, 1, 0, -1), insn(order, 0x95, 0, 0, 0, 0)));
        int data = b.addSection(".data", SectionType.SHT_PROGBITS, WA, 4, new byte[4]);
        int bss = b.addNoBits(".bss", WA, 8, 16);
        int license = b.addSection("license", SectionType.SHT_PROGBITS, WA, 1,
                "GPL\0".getBytes(StandardCharsets.US_ASCII));
        b.addFileSymbol("sample.c");
        b.addSymbol("scratch", ElfSymbol.STB_LOCAL, ElfSymbol.STT_OBJECT, ElfSymbol.STV_DEFAULT,
                bss, 0, 16);
        ElfBuilder.SymbolRef sub = b.addSymbol("sub", ElfSymbol.STB_GLOBAL, ElfSymbol.STT_FUNC,
                ElfSymbol.STV_DEFAULT, text, 0, 16);
        b.addSymbol("prog", ElfSymbol.STB_GLOBAL, ElfSymbol.STT_FUNC, ElfSymbol.STV_DEFAULT, xdp,
                0, 32);
        ElfBuilder.SymbolRef counter = b.addSymbol("counter", ElfSymbol.STB_GLOBAL,
                ElfSymbol.STT_OBJECT, ElfSymbol.STV_HIDDEN, data, 0, 4);
        b.addSymbol("LICENSE", ElfSymbol.STB_GLOBAL, ElfSymbol.STT_OBJECT, ElfSymbol.STV_DEFAULT,
                license, 0, 4);
        b.addSymbol("ext", ElfSymbol.STB_WEAK, ElfSymbol.STT_NOTYPE, ElfSymbol.STV_DEFAULT,
                ElfSymbol.SHN_UNDEF, 0, 0);
        // Added after the globals on purpose: build() must still put locals first.
        b.addSectionSymbol(xdp);
        b.addRelocations(xdp, List.of(
                new ElfBuilder.Reloc(0, counter, Relocation.R_BPF_64_64),
                new ElfBuilder.Reloc(16, sub, Relocation.R_BPF_64_32)));
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void builtObjectReadsBackWithResolvedNames(String orderName) throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        byte[] bytes = ElfWriter.write(sample(order));
        ElfObject back = ElfReader.read(bytes, "sample.o");
        assertThat(back.header().byteOrder()).isEqualTo(order);
        assertThat(ElfWriter.write(back)).isEqualTo(bytes);
        assertThat(back.sections()).extracting(Section::name).containsExactly("", ".text", "xdp",
                ".data", ".bss", "license", ".relxdp", ".symtab", ".strtab", ".shstrtab");
        assertThat(back.symbols()).extracting(ElfSymbol::name).containsExactly("", "sample.c",
                "scratch", "", "sub", "prog", "counter", "LICENSE", "ext");
        assertThat(back.symbolTableSection().orElseThrow().info()).isEqualTo(4);
        int xdp = back.section("xdp").orElseThrow().index();
        assertThat(back.relocationsFor(xdp)).extracting(r -> back.symbol(r.symbolIndex()).name())
                .containsExactly("counter", "sub");
        assertThat(back.globalSymbol("counter").orElseThrow().visibility())
                .isEqualTo(ElfSymbol.STV_HIDDEN);
        assertThat(back.sectionOf(back.globalSymbol("sub").orElseThrow()).orElseThrow().name())
                .isEqualTo(".text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    @RequiresTool("llvm-readelf-19")
    void llvmReadelfAcceptsBuiltObjectWithoutWarnings(String orderName, @TempDir Path dir)
            throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        Path out = dir.resolve("sample.o");
        ElfWriter.write(sample(order), out);
        String readelf = Oracles.tool("llvm-readelf-19").orElseThrow().toString();
        Process p = new ProcessBuilder(readelf, "-a", out.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text.toLowerCase()).as(text).doesNotContain("warning").doesNotContain("error");
        assertThat(text).contains("R_BPF_64_64", "counter", "R_BPF_64_32", "sub");
    }

    @Test
    void buildRefusesAnObjectTheReaderWouldReject() {
        ElfBuilder b = new ElfBuilder(ByteOrder.LITTLE_ENDIAN);
        int text = b.addSection(".text", SectionType.SHT_PROGBITS, AX, 8, new byte[8]);
        ElfBuilder.SymbolRef s = b.addSymbol("f", ElfSymbol.STB_GLOBAL, ElfSymbol.STT_FUNC,
                ElfSymbol.STV_DEFAULT, text, 0, 8);
        b.addRelocations(text, List.of(new ElfBuilder.Reloc(8, s, Relocation.R_BPF_64_32)));
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("section 2 (.rel.text) entry 0").hasMessageContaining("0x");
    }

    @Test
    void stringTableDeduplicatesAndKeepsOffsets() {
        StringTableBuilder t = new StringTableBuilder();
        assertThat(t.add("")).isZero();
        int a = t.add("xdp");
        int b = t.add(".text");
        assertThat(t.add("xdp")).isEqualTo(a);
        assertThat(t.offsetOf(".text")).isEqualTo(b);
        assertThat(t.offsetOf("nope")).isEqualTo(-1);
        assertThat(new String(t.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("\0xdp\0.text\0");
        assertThatThrownBy(() -> t.add("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.offsetOf("a\0b")).isEqualTo(-1);
        assertThat(t.size()).isEqualTo(11);
    }

    @Test
    void stringTableGrowsPastItsFirstBufferInFirstUseOrder() {
        StringTableBuilder t = new StringTableBuilder(1000);
        StringBuilder expected = new StringBuilder("\0");
        for (int i = 0; i < 1000; i++) {
            String name = "symbol_" + i;
            assertThat(t.add(name)).isEqualTo(expected.length());
            expected.append(name).append('\0');
        }
        assertThat(t.add("symbol_7")).isEqualTo(t.offsetOf("symbol_7"));
        assertThat(new String(t.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    private static byte[] insn(ByteOrder order, int opcode, int dst, int src, int off, int imm) {
        ByteBuffer b = ByteBuffer.allocate(8).order(order);
        b.put((byte) opcode);
        // The register byte is the one field whose layout depends on byte order.
        b.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? (src << 4) | dst : (dst << 4) | src));
        b.putShort((short) off).putInt(imm);
        return b.array();
    }

    private static byte[] insns(ByteOrder order, byte[]... all) {
        ByteBuffer b = ByteBuffer.allocate(all.length * 8).order(order);
        for (byte[] i : all) {
            b.put(i);
        }
        return b.array();
    }
}
