package dev.ebld.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Makes malformed variants of a valid object. Three families: the file cut at every structural
 * boundary; 1–4 random bytes flipped, mostly inside headers and tables where a flip is most likely
 * to reach a check rather than land in opaque data; and single header fields overwritten with
 * edge values (0, all ones, just past the file end, ...), which reach the deeper checks that a
 * random flip rarely hits.
 */
final class MalformedInputs {
    /** One malformed input and a description precise enough to reproduce it. */
    record Case(String category, String description, byte[] bytes) {
    }

    private static final long[] EDGE_VALUES = {0, 1, 7, 0x40, 0xff00, 0xffff, 0x7fffffffL,
            0xffffffffL, -1L, Long.MIN_VALUE};

    private final String name;
    private final byte[] original;
    private final ElfObject elf;

    MalformedInputs(String name, byte[] original, ElfObject elf) {
        this.name = name;
        this.original = original;
        this.elf = elf;
    }

    /** Offsets where one structure ends and another begins. */
    TreeSet<Integer> boundaries() {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, 4, 16, 32, 63, 64));
        long shoff = elf.sectionHeaderOffset();
        for (Section s : elf.sections()) {
            long h = shoff + (long) s.index() * ElfHeader.SHDR_SIZE;
            cuts.add((int) h);
            cuts.add((int) h + ElfHeader.SHDR_SIZE - 1);
            if (s.type() == SectionType.SHT_NOBITS) {
                continue;
            }
            cuts.add((int) s.fileOffset());
            cuts.add((int) (s.fileOffset() + s.size()));
            cuts.add((int) (s.fileOffset() + s.size()) - 1);
            long entsize = SectionChecks.tableEntrySize(s.type());
            for (long e = 1; entsize > 0 && e * entsize < s.size(); e++) {
                cuts.add((int) (s.fileOffset() + e * entsize));
            }
        }
        cuts.removeIf(c -> c < 0 || c >= original.length);
        return cuts;
    }

    void truncations(Consumer<Case> out) {
        for (int cut : boundaries()) {
            byte[] b = Arrays.copyOf(original, cut);
            out.accept(new Case("truncate", name + " cut at 0x" + Integer.toHexString(cut), b));
        }
    }

    /**
     * The same object rewritten with its section header table right after the ELF header, then
     * cut at every boundary. With the table first, a cut leaves all headers readable and lands in
     * section contents and table entries, which exercises the range checks a plain cut never
     * reaches (clang puts the table last, so cutting its files always loses the table first).
     * Empty when a section needs alignment above 64, which the shift could break.
     */
    void truncationsWithHeadersFirst(Consumer<Case> out) {
        long shift = (long) elf.sections().size() * ElfHeader.SHDR_SIZE;
        ElfObject laid = elf.layOut();
        List<Section> moved = new ArrayList<>();
        for (Section s : laid.sections()) {
            if (s.addralign() > ElfHeader.SHDR_SIZE) {
                return;
            }
            moved.add(s.index() == 0 ? s : s.withFileOffset(s.fileOffset() + shift));
        }
        ElfObject headersFirst = new ElfObject(elf.file(), elf.header(), moved, elf.shstrndx(),
                ElfHeader.EHDR_SIZE);
        byte[] bytes = ElfWriter.write(headersFirst);
        for (int cut : new MalformedInputs(name, bytes, headersFirst).boundaries()) {
            out.accept(new Case("truncate-headers-first", name + " (headers first) cut at 0x"
                    + Integer.toHexString(cut), Arrays.copyOf(bytes, cut)));
        }
    }

    void flips(Random rnd, int count, Consumer<Case> out) {
        for (int i = 0; i < count; i++) {
            byte[] b = original.clone();
            int n = 1 + rnd.nextInt(4);
            StringBuilder what = new StringBuilder(name).append(" flip");
            for (int k = 0; k < n; k++) {
                int at = weightedOffset(rnd);
                int mask = 1 + rnd.nextInt(255);
                b[at] ^= (byte) mask;
                what.append(String.format(" 0x%x^0x%02x", at, mask));
            }
            out.accept(new Case("flip", what.toString(), b));
        }
    }

    /** Half in the ELF header or section header table, a quarter in tables, a quarter anywhere. */
    private int weightedOffset(Random rnd) {
        int roll = rnd.nextInt(4);
        if (roll < 2) {
            int shoff = (int) elf.sectionHeaderOffset();
            int tableSize = elf.sections().size() * ElfHeader.SHDR_SIZE;
            int pick = rnd.nextInt(ElfHeader.EHDR_SIZE + tableSize);
            return pick < ElfHeader.EHDR_SIZE ? pick : shoff + pick - ElfHeader.EHDR_SIZE;
        }
        if (roll == 2) {
            List<Section> tables = new ArrayList<>();
            for (Section s : elf.sections()) {
                if (SectionChecks.tableEntrySize(s.type()) > 0 && s.size() > 0) {
                    tables.add(s);
                }
            }
            if (!tables.isEmpty()) {
                Section t = tables.get(rnd.nextInt(tables.size()));
                return (int) (t.fileOffset() + rnd.nextInt((int) t.size()));
            }
        }
        return rnd.nextInt(original.length);
    }

    /** Every section header field, and the ELF header's table fields, set to each edge value. */
    void fieldEdits(Consumer<Case> out) {
        ByteOrder order = elf.header().byteOrder();
        int[][] ehdrFields = {{40, 8}, {60, 2}, {62, 2}, {52, 2}, {58, 2}};
        for (int[] f : ehdrFields) {
            addEdits(out, "ELF header field 0x" + Integer.toHexString(f[0]), f[0], f[1], order);
        }
        int[][] shdrFields = {{0, 4}, {4, 4}, {24, 8}, {32, 8}, {40, 4}, {44, 4}, {48, 8},
                {56, 8}};
        long shoff = elf.sectionHeaderOffset();
        for (Section s : elf.sections()) {
            for (int[] f : shdrFields) {
                int at = (int) (shoff + (long) s.index() * ElfHeader.SHDR_SIZE + f[0]);
                addEdits(out, s.label() + " field 0x" + Integer.toHexString(f[0]), at, f[1], order);
            }
        }
    }

    private void addEdits(Consumer<Case> out, String field, int at, int width, ByteOrder order) {
        List<Long> values = new ArrayList<>();
        for (long v : EDGE_VALUES) {
            values.add(v);
        }
        values.add((long) original.length);
        values.add((long) original.length - 1);
        for (long v : values) {
            byte[] b = original.clone();
            ByteBuffer buf = ByteBuffer.wrap(b).order(order);
            switch (width) {
                case 2 -> buf.putShort(at, (short) v);
                case 4 -> buf.putInt(at, (int) v);
                default -> buf.putLong(at, v);
            }
            out.accept(new Case("field", name + " " + field + " = 0x" + Long.toHexString(v), b));
        }
    }
}
