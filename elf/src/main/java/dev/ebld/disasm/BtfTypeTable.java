package dev.ebld.disasm;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of a {@code .BTF} section to name CO-RE relocations the way llvm-objdump does: the
 * string table and each type's record position. Parsing mirrors LLVM's {@code BTFParser}: a
 * header check, then records sliced one after another until the type area ends; a record that
 * runs past the end stops parsing with an error. The full BTF model lives in the {@code btf}
 * module; the disassembler cannot depend on it.
 */
final class BtfTypeTable {
    static final int KIND_ARRAY = 3;
    static final int KIND_STRUCT = 4;
    static final int KIND_UNION = 5;
    static final int KIND_ENUM = 6;
    static final int KIND_FWD = 7;
    static final int KIND_TYPEDEF = 8;
    static final int KIND_VOLATILE = 9;
    static final int KIND_CONST = 10;
    static final int KIND_RESTRICT = 11;
    static final int KIND_TYPE_TAG = 18;
    static final int KIND_ENUM64 = 19;
    private static final int MAGIC = 0xeb9f;

    private final Words words;
    private final int strStart;
    private final int strEnd;
    /** Byte offset of each type's record; index 0 (void) is -1. */
    private final List<Integer> records = new ArrayList<>();

    private BtfTypeTable(Words words, int strStart, int strEnd) {
        this.words = words;
        this.strStart = strStart;
        this.strEnd = strEnd;
        records.add(-1);
    }

    /** Parses {@code .BTF}; {@code null} where LLVM's parser reports an error. */
    static BtfTypeTable parse(byte[] data, ByteOrder order) {
        Words w = new Words(data, order);
        if (data.length < 24 || w.u16(0) != MAGIC || (data[2] & 0xff) != 1) {
            return null;
        }
        long hdrLen = w.u32(4);
        if (hdrLen < 8) {
            return null;
        }
        long typeStart = (hdrLen + w.u32(8)) & 0xffffffffL;
        long typeEnd = (typeStart + w.u32(12)) & 0xffffffffL;
        long strStart = (hdrLen + w.u32(16)) & 0xffffffffL;
        long strEnd = (strStart + w.u32(20)) & 0xffffffffL;
        if (data.length < Math.max(strEnd, typeEnd)) {
            return null;
        }
        // A range whose end wrapped below its start is empty, as LLVM's StringRef::slice makes it;
        // a non-empty range ends inside the section, so both ends fit in an int.
        BtfTypeTable t = strStart < strEnd ? new BtfTypeTable(w, (int) strStart, (int) strEnd)
                : new BtfTypeTable(w, 0, 0);
        return typeStart >= typeEnd || t.sliceRecords((int) typeStart, (int) typeEnd) ? t : null;
    }

    private boolean sliceRecords(int start, int end) {
        for (int pos = start; pos < end; ) {
            if (end - pos < 12) {
                return false;
            }
            long size = 12 + tailSize(kindAt(pos), (int) (words.u32(pos + 4) & 0xffff));
            if (end - pos < size) {
                return false;
            }
            records.add(pos);
            pos += (int) size;
        }
        return true;
    }

    private static long tailSize(int kind, int vlen) {
        switch (kind) {
            case 1: case 14: case 17:
                return 4;
            case KIND_ARRAY:
                return 12;
            case KIND_STRUCT: case KIND_UNION: case 19: case 15:
                return 12L * vlen;
            case KIND_ENUM: case 13:
                return 8L * vlen;
            default:
                return 0;
        }
    }

    boolean has(long id) {
        return id >= 0 && id < records.size();
    }

    private int kindAt(int pos) {
        return (int) (words.u32(pos + 4) >>> 24) & 0x1f;
    }

    int kind(int id) {
        return id == 0 ? 0 : kindAt(records.get(id));
    }

    long nameOff(int id) {
        return id == 0 ? 0 : words.u32(records.get(id));
    }

    long info(int id) {
        return id == 0 ? 0 : words.u32(records.get(id) + 4);
    }

    int vlen(int id) {
        return (int) (info(id) & 0xffff);
    }

    /** The size/type word: the referenced type for modifiers and typedefs. */
    long sizeOrType(int id) {
        return id == 0 ? 0 : words.u32(records.get(id) + 8);
    }

    /** Word {@code n} of the record's tail (after the 12-byte common part). */
    long tail(int id, int n) {
        return words.u32(records.get(id) + 12 + 4 * n);
    }

    /** The string at {@code off}, up to its NUL; empty when out of range (as LLVM's slice). */
    String string(long off) {
        long from = strStart + off;
        if (off < 0 || from >= strEnd) {
            return "";
        }
        int to = (int) from;
        while (to < strEnd && words.data[to] != 0) {
            to++;
        }
        return new String(words.data, (int) from, to - (int) from, StandardCharsets.UTF_8);
    }

    /** Unsigned little/big-endian reads over a section. */
    static final class Words {
        final byte[] data;
        private final boolean le;

        Words(byte[] data, ByteOrder order) {
            this.data = data;
            this.le = order == ByteOrder.LITTLE_ENDIAN;
        }

        int u16(int p) {
            int a = data[p] & 0xff;
            int b = data[p + 1] & 0xff;
            return le ? a | b << 8 : b | a << 8;
        }

        long u32(int p) {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (long) (data[p + i] & 0xff) << (le ? 8 * i : 8 * (3 - i));
            }
            return v;
        }
    }
}
