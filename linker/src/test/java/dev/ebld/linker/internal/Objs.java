package dev.ebld.linker.internal;

import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.SectionType;
import dev.ebld.linker.LinkInput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small little-endian BPF objects built in code for stage tests, and instruction encoders. */
final class Objs {
    static final long EXEC = SectionType.SHF_ALLOC | SectionType.SHF_EXECINSTR;
    static final long DATA = SectionType.SHF_ALLOC | SectionType.SHF_WRITE;

    private Objs() {
    }

    static ElfBuilder builder(String name) {
        return new ElfBuilder(ByteOrder.LITTLE_ENDIAN).file(name);
    }

    /** One instruction: opcode, dst, src, off, imm. */
    static byte[] insn(int code, int dst, int src, int off, int imm) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put((byte) code)
                .put((byte) ((src << 4) | dst)).putShort((short) off).putInt(imm).array();
    }

    static byte[] call(int imm) {
        return insn(0x85, 0, 1, 0, imm);
    }

    static byte[] exit() {
        return insn(0x95, 0, 0, 0, 0);
    }

    static byte[] mov(int imm) {
        return insn(0xb7, 0, 0, 0, imm);
    }

    /** ld_imm64 r1 with src_reg 2 (map value), two slots. */
    static byte[] ldImm64(int imm) {
        return concat(insn(0x18, 1, 2, 0, imm), insn(0, 0, 0, 0, 0));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    static int imm(byte[] code, int slot) {
        return ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN).getInt(slot * 8 + 4);
    }

    static ElfBuilder.SymbolRef global(ElfBuilder b, String name, int type, int shndx, long value, long size) {
        return b.addSymbol(name, ElfSymbol.STB_GLOBAL, type, ElfSymbol.STV_DEFAULT, shndx, value, size);
    }

    static ElfBuilder.SymbolRef weak(ElfBuilder b, String name, int type, int shndx, long value, long size) {
        return b.addSymbol(name, ElfSymbol.STB_WEAK, type, ElfSymbol.STV_DEFAULT, shndx, value, size);
    }

    static ElfBuilder.SymbolRef extern(ElfBuilder b, String name) {
        return b.addSymbol(name, ElfSymbol.STB_GLOBAL, ElfSymbol.STT_NOTYPE, ElfSymbol.STV_DEFAULT, 0, 0, 0);
    }

    /** Writes objects to {@code dir} as {@code <file name>} and returns them as link inputs. */
    static List<LinkInput> write(Path dir, ElfObject... objs) throws IOException {
        List<LinkInput> out = new ArrayList<>();
        for (ElfObject o : objs) {
            Path p = dir.resolve(o.file());
            Files.write(p, ElfWriter.write(o));
            out.add(LinkInput.of(p));
        }
        return out;
    }

    /** Reads and resolves, for stage tests. */
    static InputSet read(List<LinkInput> ins) {
        InputReader.Result r = InputReader.read(ins);
        if (r.diagnostics().hasErrors()) {
            throw new AssertionError(r.diagnostics().all());
        }
        return r.inputs();
    }
}
