package dev.ebld.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the records of a raw {@code .BTF.ext} section are, for the mutation corpus: the absolute
 * file offset of every field of every func_info, line_info and CO-RE record, and of each
 * per-section head ({@code sec_name_off}, {@code num_info}). Layout as libbpf's
 * {@code btf_ext_parse_hdr} reads it: a header, then per kind a record size and sections.
 */
final class BtfExtLayout {
    /** The fields the corpus edits, by record kind and offset in the record. */
    enum Word {
        SEC_NAME("sec_name_off"), NUM_INFO("num_info"),
        FUNC_INSN("func.insn_off"), FUNC_TYPE("func.type_id"),
        LINE_INSN("line.insn_off"), LINE_FILE("line.file_name_off"), LINE_LINE("line.line_off"),
        CORE_INSN("core.insn_off"), CORE_TYPE("core.type_id"), CORE_ACCESS("core.access_str_off"),
        CORE_KIND("core.kind");

        final String label;

        Word(String label) {
            this.label = label;
        }
    }

    private final Map<Word, List<Integer>> words = new EnumMap<>(Word.class);
    private BtfExtLayout() {
        for (Word w : Word.values()) {
            words.put(w, new ArrayList<>());
        }
    }

    /** The layout of the .BTF.ext at {@code start}, or null when its header is not one to walk. */
    static BtfExtLayout of(byte[] file, int start, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(file).order(order);
        if ((b.getShort(start) & 0xffff) != 0xeb9f) {
            return null;
        }
        int hdrLen = b.getInt(start + 4);
        BtfExtLayout l = new BtfExtLayout();
        int data = start + hdrLen;
        l.walk(b, data + b.getInt(start + 8), b.getInt(start + 12),
                new Word[] {Word.FUNC_INSN, Word.FUNC_TYPE});
        l.walk(b, data + b.getInt(start + 16), b.getInt(start + 20),
                new Word[] {Word.LINE_INSN, Word.LINE_FILE, Word.LINE_LINE});
        if (hdrLen >= 32) {
            l.walk(b, data + b.getInt(start + 24), b.getInt(start + 28),
                    new Word[] {Word.CORE_INSN, Word.CORE_TYPE, Word.CORE_ACCESS, Word.CORE_KIND});
        }
        return l;
    }

    private void walk(ByteBuffer b, int at, int len, Word[] fields) {
        if (len < 4) {
            return;
        }
        int recSize = b.getInt(at);
        int p = at + 4;
        while (p + 8 <= at + len && recSize >= 4 * fields.length) {
            words.get(Word.SEC_NAME).add(p);
            words.get(Word.NUM_INFO).add(p + 4);
            int n = b.getInt(p + 4);
            p += 8;
            for (int r = 0; r < n && p + recSize <= at + len; r++, p += recSize) {
                for (int f = 0; f < fields.length; f++) {
                    words.get(fields[f]).add(p + 4 * f);
                }
            }
        }
    }

    List<Integer> words(Word w) {
        return words.get(w);
    }
}
