package dev.ebld.inspect.objdump;

import dev.ebld.insn.Opcodes;
import dev.ebld.insn.Slot;

/**
 * The text LLVM 19's BPF disassembler prints for one slot, or {@code null} where it prints
 * {@code <unknown>}.
 *
 * <p>This mirrors LLVM's decoder, which is looser than RFC 9669 in a precise way: each
 * instruction pattern in LLVM's table fixes some fields and ignores the rest. For example the
 * register form of an ALU op ignores imm, {@code call} ignores everything but imm, and
 * {@code exit} insists on imm 0. A register field that is read must be 0..11 ({@code r11} is
 * printed); 12..15 fail. llvm-objdump runs without the {@code alu32} feature, so 32-bit loads and
 * stores print with {@code r} registers, 32-bit atomics other than add are unknown, and
 * {@code lock *(u32 *)...} ignores the fetch bit. The rules were derived from LLVM's
 * {@code BPFInstrInfo.td} and checked by feeding random slots to llvm-objdump-19.
 */
final class LlvmSyntax {
    private static final String[] ALU_OPS = {
        "+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", null, "%=", "^=", null, "s>>=", null,
        null, null};
    private static final String[] JMP_OPS = {
        null, "==", ">", ">=", "&", "!=", "s>", "s>=", null, null, "<", "<=", "s<", "s<=", null,
        null};
    private static final String[] SIZE_NAMES = {"u32", "u16", "u8", "u64"};
    private static final String[] SIGNED_NAMES = {"s32", "s16", "s8", null};

    private LlvmSyntax() {
    }

    /** Text for a one-slot instruction (not opcode 0x18), or {@code null}. */
    static String single(Slot s) {
        switch (s.opClass()) {
            case Opcodes.CLASS_ALU:
            case Opcodes.CLASS_ALU64:
                return alu(s);
            case Opcodes.CLASS_JMP:
            case Opcodes.CLASS_JMP32:
                return jump(s);
            case Opcodes.CLASS_LD:
                return legacyLoad(s);
            case Opcodes.CLASS_LDX:
                return load(s);
            case Opcodes.CLASS_ST:
                return storeImm(s);
            default:
                return storeOrAtomic(s);
        }
    }

    /**
     * Text for opcode 0x18 given both slots; {@code null} if the first slot does not decode.
     * LLVM reads only the imm of the second slot.
     */
    static String ldImm64(Slot first, int secondImm) {
        String dst = reg(first.dst(), "r");
        if (dst == null || first.off() != 0) {
            return null;
        }
        long lo = first.imm() & 0xffffffffL;
        if (first.src() != 0) {
            // LLVM stores the high half into the pseudo operand and prints the low half alone.
            return "ld_pseudo\t" + dst + ", " + Hex.imm(first.src()) + ", " + Hex.imm(lo);
        }
        return dst + " = " + Hex.imm((long) secondImm << 32 | lo) + " ll";
    }

    /** Whether LLVM decodes opcode 0x18 here at all (so that it wants a second slot). */
    static boolean ldImm64Decodes(Slot first) {
        return first.dst() <= 11 && first.off() == 0;
    }

    /** Branch displacement in slots for instructions LLVM treats as branches, else {@code null}. */
    static Long branchSlots(Slot s) {
        int cls = s.opClass();
        int op = Opcodes.aluOrJmpOp(s.opcode());
        if ((cls != Opcodes.CLASS_JMP && cls != Opcodes.CLASS_JMP32) || single(s) == null) {
            return null;
        }
        if (op == Opcodes.JMP_CALL || op == Opcodes.JMP_EXIT) {
            return null;
        }
        if (cls == Opcodes.CLASS_JMP32 && op == Opcodes.JMP_JA) {
            return (long) s.imm();
        }
        return (long) s.off();
    }

    private static String reg(int n, String prefix) {
        return n <= 11 ? prefix + n : null;
    }

    private static String alu(Slot s) {
        boolean is64 = s.opClass() == Opcodes.CLASS_ALU64;
        String p = is64 ? "r" : "w";
        int op = Opcodes.aluOrJmpOp(s.opcode()) >>> 4;
        boolean x = Opcodes.isSrcX(s.opcode());
        String dst = reg(s.dst(), p);
        if (dst == null) {
            return null;
        }
        if (op == 0xd) {
            return endian(s, is64, x);
        }
        if (op == 0x8) {
            return x ? null : dst + " = -" + dst;
        }
        if (op == 0xb) {
            return mov(s, is64, x, dst, p);
        }
        String operator = ALU_OPS[op];
        if (operator == null) {
            return null;
        }
        if (s.off() == 1 && (op == 0x3 || op == 0x9)) {
            operator = "s" + operator;
        } else if (s.off() != 0) {
            return null;
        }
        return binary(dst, operator, s, x, p);
    }

    private static String binary(String dst, String operator, Slot s, boolean x, String p) {
        if (!x) {
            return dst + " " + operator + " " + Hex.imm(s.imm());
        }
        String src = reg(s.src(), p);
        return src == null ? null : dst + " " + operator + " " + src;
    }

    private static String mov(Slot s, boolean is64, boolean x, String dst, String p) {
        int off = s.off();
        if (off == 0) {
            return binary(dst, "=", s, x, p);
        }
        if (!x) {
            return null;
        }
        String src = reg(s.src(), p);
        if (src == null) {
            return null;
        }
        if (off == 8 || off == 16 || off == 32 && is64) {
            return dst + " = (s" + off + ")" + src;
        }
        if (off == 1 && is64) {
            return dst + " = addr_space_cast(" + src + ", " + Hex.imm(s.imm() >>> 16) + ", "
                    + Hex.imm(s.imm() & 0xffff) + ")";
        }
        return null;
    }

    private static String endian(Slot s, boolean is64, boolean x) {
        int bits = s.imm();
        if (bits != 16 && bits != 32 && bits != 64 || is64 && x) {
            return null;
        }
        String name = is64 ? "bswap" : x ? "be" : "le";
        String dst = "r" + s.dst();
        return dst + " = " + name + bits + " " + dst;
    }

    private static String jump(Slot s) {
        boolean j32 = s.opClass() == Opcodes.CLASS_JMP32;
        boolean x = Opcodes.isSrcX(s.opcode());
        int op = Opcodes.aluOrJmpOp(s.opcode());
        switch (op) {
            case Opcodes.JMP_JA:
                return x ? null : j32 ? "gotol " + Hex.displacement(s.imm())
                        : "goto " + Hex.displacement(s.off());
            case Opcodes.JMP_CALL:
                return j32 ? null : x ? callx(s) : "call " + Hex.imm(s.imm());
            case Opcodes.JMP_EXIT:
                return j32 || x || s.imm() != 0 ? null : "exit";
            case Opcodes.JMP_JCOND:
                return j32 || x ? null : "may_goto " + Hex.displacement(s.off());
            default:
                return conditional(s, j32, x, op);
        }
    }

    private static String callx(Slot s) {
        String r = reg(s.dst(), "r");
        return r == null ? null : "callx " + r;
    }

    private static String conditional(Slot s, boolean j32, boolean x, int op) {
        String operator = JMP_OPS[op >>> 4];
        String p = j32 ? "w" : "r";
        String dst = reg(s.dst(), p);
        if (operator == null || dst == null) {
            return null;
        }
        String rhs = x ? reg(s.src(), p) : Hex.imm(s.imm());
        if (rhs == null) {
            return null;
        }
        return "if " + dst + " " + operator + " " + rhs + " goto " + Hex.displacement(s.off());
    }

    private static String legacyLoad(Slot s) {
        int size = (s.opcode() >>> 3) & 3;
        int mode = Opcodes.mode(s.opcode());
        if (size == 3) {
            return null;
        }
        String head = "r0 = *(" + SIZE_NAMES[size] + " *)skb[";
        if (mode == Opcodes.MODE_ABS) {
            return head + Hex.imm(s.imm()) + "]";
        }
        if (mode == Opcodes.MODE_IND) {
            String src = reg(s.src(), "r");
            return src == null ? null : head + src + "]";
        }
        return null;
    }

    private static String address(int base, short off) {
        String r = reg(base, "r");
        if (r == null) {
            return null;
        }
        return off >= 0 ? r + " + " + Hex.imm(off) : r + " - " + Hex.imm(-off);
    }

    private static String load(Slot s) {
        int size = (s.opcode() >>> 3) & 3;
        int mode = Opcodes.mode(s.opcode());
        String name = mode == Opcodes.MODE_MEM ? SIZE_NAMES[size]
                : mode == Opcodes.MODE_MEMSX ? SIGNED_NAMES[size] : null;
        String dst = reg(s.dst(), "r");
        String addr = address(s.src(), s.off());
        if (name == null || dst == null || addr == null) {
            return null;
        }
        return dst + " = *(" + name + " *)(" + addr + ")";
    }

    private static String storeImm(Slot s) {
        String addr = address(s.dst(), s.off());
        if (Opcodes.mode(s.opcode()) != Opcodes.MODE_MEM || addr == null) {
            return null;
        }
        return "*(" + SIZE_NAMES[(s.opcode() >>> 3) & 3] + " *)(" + addr + ") = " + Hex.imm(s.imm());
    }

    private static String storeOrAtomic(Slot s) {
        int size = (s.opcode() >>> 3) & 3;
        int mode = Opcodes.mode(s.opcode());
        String addr = address(s.dst(), s.off());
        String src = reg(s.src(), "r");
        if (addr == null || src == null) {
            return null;
        }
        if (mode == Opcodes.MODE_MEM) {
            return "*(" + SIZE_NAMES[size] + " *)(" + addr + ") = " + src;
        }
        if (mode != Opcodes.MODE_ATOMIC) {
            return null;
        }
        if (size == 0) {
            return (s.imm() & 0xf0) == 0 ? "lock *(u32 *)(" + addr + ") += " + src : null;
        }
        return size == 3 ? atomic64(s.imm(), addr, src) : null;
    }

    private static String atomic64(int imm, String addr, String src) {
        int op = imm & 0xf0;
        boolean fetch = (imm & 0x0f) == Opcodes.ATOMIC_FETCH;
        String name = op == 0x00 ? "add" : op == 0x40 ? "or" : op == 0x50 ? "and"
                : op == 0xa0 ? "xor" : null;
        if (name != null) {
            if (fetch) {
                return src + " = atomic_fetch_" + name + "((u64 *)(" + addr + "), " + src + ")";
            }
            return "lock *(u64 *)(" + addr + ") " + ALU_OPS[op >>> 4] + " " + src;
        }
        if (op == 0xe0 && fetch) {
            return src + " = xchg_64(" + addr + ", " + src + ")";
        }
        if (op == 0xf0 && fetch) {
            return "r0 = cmpxchg_64(" + addr + ", r0, " + src + ")";
        }
        return null;
    }
}
