package dev.ebld.loader.interp;

import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.Slot;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Test programs written slot by slot: {@code "b7 0 0 0 1"} is opcode, dst, src, off, imm (opcode
 * hex, the rest decimal or 0x hex), one string per slot; an {@code ld_imm64} is two strings, the
 * second {@code "00 0 0 0 hi"}. Instructions separated by {@code ;} in one string.
 */
public final class Asm {
    private Asm() {
    }

    public static byte[] bytes(String program) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : program.split(";")) {
            String[] f = line.trim().split("\\s+");
            Slot s = Slot.of(Integer.parseInt(f[0], 16), num(f[1]), num(f[2]), (int) numL(f[3]),
                    (int) numL(f[4]));
            out.writeBytes(s.toBytes(ByteOrder.LITTLE_ENDIAN));
        }
        return out.toByteArray();
    }

    public static List<Insn> insns(String program) {
        return InsnCodec.decodeAll(bytes(program), ByteOrder.LITTLE_ENDIAN);
    }

    private static int num(String s) {
        return (int) numL(s);
    }

    private static long numL(String s) {
        boolean neg = s.startsWith("-");
        String t = neg ? s.substring(1) : s;
        long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        return neg ? -v : v;
    }
}
