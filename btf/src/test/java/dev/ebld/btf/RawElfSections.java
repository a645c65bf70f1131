package dev.ebld.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds a section's bytes in an ELF64 file by walking the section headers only. For objects the
 * strict ELF reader refuses: libbpf 1.1's linker writes a symbol table whose sh_info is 0.
 */
public final class RawElfSections {
    private RawElfSections() {
    }

    public static Optional<byte[]> section(byte[] elf, String name) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff;
        int shnum = b.getShort(0x3c) & 0xffff;
        int shstrndx = b.getShort(0x3e) & 0xffff;
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            int nameOff = b.getInt(h);
            int end = (int) strOff + nameOff;
            while (elf[end] != 0) {
                end++;
            }
            String n = new String(elf, (int) strOff + nameOff, end - (int) strOff - nameOff, StandardCharsets.UTF_8);
            if (n.equals(name)) {
                int off = (int) b.getLong(h + 0x18);
                int size = (int) b.getLong(h + 0x20);
                byte[] out = new byte[size];
                System.arraycopy(elf, off, out, 0, size);
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }
}
