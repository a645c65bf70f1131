package dev.ebld.btf;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code .BTF.ext} section: per-section function info, line info and CO-RE relocation records
 * for the instructions of one object. Each block keeps the record size the file declares;
 * records longer than the fields known here keep their remaining bytes in {@code extra}, so
 * writing back is byte-identical. Names are resolved through the object's {@code .BTF} strings.
 *
 * @param order      byte order the section was read in and is written in
 * @param version    {@code version}, 1
 * @param flags      {@code flags}, 0
 * @param hdrLen     {@code hdr_len}: 24 without CO-RE relocations, 32 with
 * @param funcInfo   {@code func_info} block
 * @param lineInfo   {@code line_info} block
 * @param coreRelos  {@code core_relo} block (absent, i.e. empty, when {@code hdrLen < 32})
 */
public record BtfExt(ByteOrder order, int version, int flags, int hdrLen, Block<FuncInfo> funcInfo,
                     Block<LineInfo> lineInfo, Block<CoreRelo> coreRelos) {

    /** Smallest record sizes: the fields every producer writes. */
    public static final int FUNC_INFO_MIN = 8;
    public static final int LINE_INFO_MIN = 16;
    public static final int CORE_RELO_MIN = 16;

    static final byte[] NO_EXTRA = new byte[0];

    /**
     * A defensive copy of a record's extra bytes. Nearly every record has none; those share one
     * empty array (an empty array cannot be changed), which saves two allocations per record on
     * a link's tens of thousands of line_info records.
     */
    private static byte[] copy(byte[] extra) {
        return extra.length == 0 ? NO_EXTRA : extra.clone();
    }

    /**
     * A .BTF.ext built in code, laid out the way clang writes it: a 32-byte header, then the
     * func_info, line_info and core_relo blocks back to back. A block with no sections is empty.
     */
    public static BtfExt of(ByteOrder order, int funcRecSize, List<SectionInfo<FuncInfo>> funcs,
                            int lineRecSize, List<SectionInfo<LineInfo>> lines,
                            int reloRecSize, List<SectionInfo<CoreRelo>> relos) {
        Block<FuncInfo> f = Block.laidOut(0, funcRecSize, funcs);
        Block<LineInfo> l = Block.laidOut(f.off() + f.len(), lineRecSize, lines);
        Block<CoreRelo> c = Block.laidOut(l.off() + l.len(), reloRecSize, relos);
        return new BtfExt(order, 1, 0, 32, f, l, c);
    }

    /**
     * One info block. {@code off} and {@code len} are the header's values (relative to the end of
     * the header); {@code recordSize} is 0 when the block is empty ({@code len == 0}).
     */
    public record Block<T>(int off, int len, int recordSize, List<SectionInfo<T>> sections) {
        public Block {
            sections = List.copyOf(sections);
        }

        public static <T> Block<T> empty() {
            return new Block<>(0, 0, 0, List.of());
        }

        /** A block at {@code off} whose length is computed from its records. */
        public static <T> Block<T> laidOut(int off, int recordSize, List<SectionInfo<T>> sections) {
            if (sections.isEmpty()) {
                return new Block<>(off, 0, 0, List.of());
            }
            Block<T> b = new Block<>(off, 0, recordSize, sections);
            return new Block<>(off, BtfExtWriter.encodedLength(b), recordSize, sections);
        }

        /** Number of records over all sections. */
        public int recordCount() {
            int n = 0;
            for (SectionInfo<T> s : sections) {
                n += s.records().size();
            }
            return n;
        }
    }

    /** The records for one ELF section, named through {@code sec_name_off}. */
    public record SectionInfo<T>(String secName, int secNameOff, List<T> records) {
        public SectionInfo {
            records = List.copyOf(records);
        }
    }

    /** {@code bpf_func_info}: a function starting at byte {@code insnOff} has FUNC {@code typeId}. */
    public record FuncInfo(int insnOff, int typeId, byte[] extra) {
        public FuncInfo {
            extra = copy(extra);
        }

        @Override
        public byte[] extra() {
            return copy(extra);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FuncInfo f && insnOff == f.insnOff && typeId == f.typeId
                    && Arrays.equals(extra, f.extra);
        }

        @Override
        public int hashCode() {
            return (insnOff * 31 + typeId) * 31 + Arrays.hashCode(extra);
        }
    }

    /**
     * {@code bpf_line_info}: source line and column for the instruction at byte {@code insnOff};
     * {@code lineCol} packs line (upper 22 bits) and column (lower 10).
     */
    public record LineInfo(int insnOff, int fileNameOff, String fileName, int lineOff, String line,
                           int lineCol, byte[] extra) {
        public LineInfo {
            extra = copy(extra);
        }

        public int lineNumber() {
            return lineCol >>> 10;
        }

        public int column() {
            return lineCol & 0x3ff;
        }

        @Override
        public byte[] extra() {
            return copy(extra);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LineInfo l && insnOff == l.insnOff && fileNameOff == l.fileNameOff
                    && lineOff == l.lineOff && lineCol == l.lineCol && fileName.equals(l.fileName)
                    && line.equals(l.line) && Arrays.equals(extra, l.extra);
        }

        @Override
        public int hashCode() {
            return ((insnOff * 31 + fileNameOff) * 31 + lineOff) * 31 + lineCol;
        }
    }

    /**
     * {@code bpf_core_relo}: the instruction at byte {@code insnOff} accesses {@code typeId}
     * along {@code accessStr} (e.g. {@code 0:1:2}); {@code kind} is the relocation kind
     * (field byte offset, type id, enum value ...).
     */
    public record CoreRelo(int insnOff, int typeId, int accessStrOff, String accessStr, int kind,
                           byte[] extra) {
        public CoreRelo {
            extra = copy(extra);
        }

        @Override
        public byte[] extra() {
            return copy(extra);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CoreRelo c && insnOff == c.insnOff && typeId == c.typeId
                    && accessStrOff == c.accessStrOff && kind == c.kind && accessStr.equals(c.accessStr)
                    && Arrays.equals(extra, c.extra);
        }

        @Override
        public int hashCode() {
            return ((insnOff * 31 + typeId) * 31 + accessStrOff) * 31 + kind;
        }
    }
}
