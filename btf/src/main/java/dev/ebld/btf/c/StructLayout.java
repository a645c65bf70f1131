package dev.ebld.btf.c;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;

/**
 * Padding that makes a C compiler lay a struct out exactly as its BTF says. C places each
 * member at the next multiple of its alignment (a bitfield: at the next bit, unless it would
 * straddle a storage unit of its type); BTF records the offsets the original compiler chose,
 * which differ where the source had {@code __aligned}, explicit padding or packing.
 *
 * <p>The plan walks the members tracking where C would put the next one. Where BTF puts a
 * member further on, the gap is filled with unnamed {@code long} bitfields that each stop at a
 * 64-bit boundary (so C never moves them), as bpftool does. A struct whose members sit off their
 * natural alignment is packed. After the last member, tail padding brings the size to the BTF
 * size. A union too small for its BTF size gets a {@code char __ebld_padN[size]} member.
 *
 * <p>If a member has no size or alignment (a FWD by value), no plan is made and the struct is
 * written as is.
 */
final class StructLayout {
    /** Text to write before each member, after the last one, and whether to pack. */
    record Plan(String[] before, String tail, boolean packed) {
    }

    /** Largest gap, in 64-bit words, written as unnamed bitfields. */
    private static final int MAX_PAD_WORDS = 64;

    private final Btf btf;
    private final int[] alignMemo;
    private int pads;

    StructLayout(Btf btf) {
        this.btf = btf;
        this.alignMemo = new int[btf.typeCount()];
    }

    private int alignOf(int id) {
        return BtfTypes.alignOf(btf, id, alignMemo);
    }

    /** The padding plan, or null if none can be made. */
    Plan plan(int id, BtfType.Composite c, String indent) {
        try {
            boolean packed = isPacked(id, c);
            if (c.kind() == BtfKind.UNION) {
                return unionPlan(id, c, indent, packed);
            }
            return structPlan(id, c, indent, packed);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private boolean isPacked(int id, BtfType.Composite c) {
        int natural = 1;
        for (BtfType.Member m : c.members()) {
            natural = Math.max(natural, alignOf(m.type()));
        }
        return natural > 1 && alignOf(id) == 1;
    }

    private Plan structPlan(int id, BtfType.Composite c, String indent, boolean packed) {
        String[] before = new String[c.members().size()];
        long pos = 0;
        for (int i = 0; i < c.members().size(); i++) {
            BtfType.Member m = c.members().get(i);
            BtfTypes.MemberLayout l = BtfTypes.memberLayout(btf, c, i);
            StringBuilder pad = new StringBuilder();
            if (l.isBitfield()) {
                long unit = 8 * BtfTypes.sizeOf(btf, m.type());
                long natural = pos;
                if (!packed && unit > 0 && pos / unit != (pos + l.bitfieldSize() - 1) / unit) {
                    natural = roundUp(pos, unit);
                }
                if (l.bitOffset() > natural) {
                    bitGap(pad, pos, l.bitOffset(), indent);
                }
                pos = l.bitOffset() + l.bitfieldSize();
            } else {
                long align = packed ? 8 : 8L * alignOf(m.type());
                if (l.bitOffset() > roundUp(pos, align)) {
                    bitGap(pad, pos, l.bitOffset(), indent);
                }
                pos = l.bitOffset() + 8 * BtfTypes.sizeOf(btf, m.type());
            }
            before[i] = pad.toString();
        }
        long size = 8 * (c.size() & 0xffffffffL);
        long structAlign = packed ? 8 : 8L * alignOf(id);
        StringBuilder tail = new StringBuilder();
        if (size > roundUp(pos, structAlign)) {
            bitGap(tail, pos, size, indent);
        }
        return new Plan(before, tail.toString(), packed);
    }

    private Plan unionPlan(int id, BtfType.Composite c, String indent, boolean packed) {
        long max = 0;
        for (BtfType.Member m : c.members()) {
            max = Math.max(max, BtfTypes.sizeOf(btf, m.type()));
        }
        long align = packed ? 1 : alignOf(id);
        long size = c.size() & 0xffffffffL;
        String tail = "";
        if (size > roundUp(max, align)) {
            tail = indent + "char __ebld_pad" + (pads++) + "[" + size + "];\n";
        }
        return new Plan(new String[c.members().size()], tail, packed);
    }

    /**
     * Fills bits [from, to) with unnamed {@code long} bitfields, each ending at a 64-bit boundary
     * or at {@code to}, so the compiler never moves them. Unnamed bitfields are not members: BTF
     * compiled from the dump has the same member indices as the original (CO-RE access strings).
     * A gap of more than {@link #MAX_PAD_WORDS} words is mostly one {@code char} array instead,
     * so that a huge (or hostile) size cannot make the dump huge.
     */
    private void bitGap(StringBuilder sb, long from, long to, String indent) {
        from = bitfields(sb, from, Math.min(to, roundUp(from, 64)), indent);
        if ((to - from) / 64 > MAX_PAD_WORDS) {
            long bytes = (to - from) / 8;
            sb.append(indent).append("char __ebld_pad").append(pads++).append('[').append(bytes).append("];\n");
            from += bytes * 8;
        }
        bitfields(sb, from, to, indent);
    }

    private static long bitfields(StringBuilder sb, long from, long to, String indent) {
        while (from < to) {
            long w = Math.min(to - from, 64 - from % 64);
            sb.append(indent).append("long: ").append(w).append(";\n");
            from += w;
        }
        return from;
    }

    private static long roundUp(long v, long a) {
        return a <= 1 ? v : (v + a - 1) / a * a;
    }
}
