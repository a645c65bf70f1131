package dev.ebld.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things are inside a raw {@code .BTF} section, for the mutation corpus: the absolute file
 * offset of each type record (type id = index + 1), the string table, and the words that define
 * the BTF-defined maps in {@code .maps} (their structs' member type ids and the array lengths
 * that encode {@code __uint(...)} values). Walks the records the way the kernel's
 * {@code btf_check_all_metas} does: a fixed 12-byte head, then a kind-dependent tail.
 *
 * @param records  absolute offset of each type record
 * @param kinds    BTF kind of each record
 */
record BtfLayout(int typeStart, int typeLen, int strStart, int strLen, List<Integer> records,
        List<Integer> kinds, ByteBuffer buf) {
    private static final int STRUCT = 4;
    private static final int UNION = 5;
    private static final int PTR = 2;
    private static final int ARRAY = 3;
    private static final int TYPEDEF = 8;
    private static final int CONST = 10;
    private static final int VAR = 14;
    private static final int DATASEC = 15;

    /** The layout of the BTF at {@code start}, or null when its header is not one to walk. */
    static BtfLayout of(byte[] file, int start, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(file).order(order);
        if ((b.getShort(start) & 0xffff) != 0xeb9f) {
            return null;
        }
        int hdrLen = b.getInt(start + 4);
        int typeStart = start + hdrLen + b.getInt(start + 8);
        int typeLen = b.getInt(start + 12);
        int strStart = start + hdrLen + b.getInt(start + 16);
        int strLen = b.getInt(start + 20);
        List<Integer> records = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        int p = typeStart;
        while (p + 12 <= typeStart + typeLen) {
            int info = b.getInt(p + 4);
            int kind = (info >>> 24) & 0x1f;
            records.add(p);
            kinds.add(kind);
            p += 12 + tail(kind, info & 0xffff);
        }
        return new BtfLayout(typeStart, typeLen, strStart, strLen, records, kinds, b);
    }

    private static int tail(int kind, int vlen) {
        return switch (kind) {
            case 1, 14, 17 -> 4;
            case ARRAY -> 12;
            case STRUCT, UNION, DATASEC, 19 -> 12 * vlen;
            case 6, 13 -> 8 * vlen;
            default -> 0;
        };
    }

    int typeCount() {
        return records.size();
    }

    /** Member type words of each {@code .maps} struct, and the nelems of the arrays they point to. */
    List<Integer> mapDefWords() {
        List<Integer> words = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (kinds.get(i) == DATASEC && name(records.get(i)).equals(".maps")) {
                int vlen = buf.getInt(records.get(i) + 4) & 0xffff;
                for (int v = 0; v < vlen; v++) {
                    int varId = buf.getInt(records.get(i) + 12 + 12 * v);
                    int var = record(varId);
                    if (var >= 0 && kinds.get(varId - 1) == VAR) {
                        structWords(strip(buf.getInt(var + 8)), words);
                    }
                }
            }
        }
        return words;
    }

    private void structWords(int id, List<Integer> words) {
        int rec = record(id);
        if (rec < 0 || (kinds.get(id - 1) != STRUCT && kinds.get(id - 1) != UNION)) {
            return;
        }
        int vlen = buf.getInt(rec + 4) & 0xffff;
        for (int m = 0; m < vlen; m++) {
            int member = rec + 12 + 12 * m;
            words.add(member + 4);
            int ptr = buf.getInt(member + 4);
            if (record(ptr) >= 0 && kinds.get(ptr - 1) == PTR) {
                int arr = buf.getInt(record(ptr) + 8);
                if (record(arr) >= 0 && kinds.get(arr - 1) == ARRAY) {
                    words.add(record(arr) + 12 + 8);
                }
            }
        }
    }

    private int strip(int id) {
        int cur = id;
        for (int hops = 0; hops < 8 && record(cur) >= 0; hops++) {
            int k = kinds.get(cur - 1);
            if (k != TYPEDEF && k != CONST) {
                break;
            }
            cur = buf.getInt(record(cur) + 8);
        }
        return cur;
    }

    private int record(int id) {
        return id >= 1 && id <= records.size() ? records.get(id - 1) : -1;
    }

    private String name(int rec) {
        int off = strStart + buf.getInt(rec);
        int end = off;
        while (end < strStart + strLen && buf.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - off];
        buf.get(off, s);
        return new String(s, StandardCharsets.US_ASCII);
    }
}
