package dev.ebld.loader;

import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;
import dev.ebld.elf.SectionType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Mutants of one fixture object that keep the ELF container valid, so that they get past the ELF
 * reader and reach the loader: every edit patches bytes inside a section at an offset found
 * through the ELF model (a BTF type record, a {@code .BTF.ext} record, a relocation or symbol
 * entry, an instruction, a map definition, the license), except section renames, which rebuild
 * {@code .shstrtab} through the model and the writer. Deterministic for a given random source.
 */
final class LoaderMutants {
    /** One mutant: a category for the histogram, what was changed, and the object's bytes. */
    record Mutant(String category, String description, byte[] bytes) {
    }

    /** SEC() names a program section may be renamed to: every kind of entry in the table and some junk. */
    private static final String[] SECTION_NAMES = {
        "xdp", "xdp.frags", "tc", "classifier", "tcx/ingress", "socket", "kprobe/do_sys_open",
        "kretprobe/x", "uprobe", "tracepoint/syscalls/sys_enter_open", "raw_tp/sys_enter", "tp_btf/x",
        "fentry/foo", "fexit/bar", "fmod_ret/x", "freplace/slot0", "freplace/", "lsm/file_open",
        "iter/task", "struct_ops/x", "syscall", "sk_lookup", "cgroup_skb/ingress", "perf_event",
        "netfilter", "ksyscall/x", "usdt/x", "", "?xdp", ".text", "maps", ".maps", "license",
        ".data", ".rodata", ".bss", ".kconfig", ".ksyms", "xdp/devmap", "sk_msg",
    };

    private final String name;
    private final byte[] original;
    private final ElfObject elf;
    private final ByteOrder order;
    private final SplittableRandom rnd;

    LoaderMutants(String name, byte[] original, SplittableRandom rnd) throws ElfFormatException {
        this.name = name;
        this.original = original;
        this.elf = ElfReader.read(original, name);
        this.order = elf.header().byteOrder();
        this.rnd = rnd;
    }

    /** {@code perKind} mutants of each kind that applies to this object, in a fixed order. */
    void generate(int perKind, Consumer<Mutant> sink) {
        section(".BTF").ifPresent(s -> btf(s, perKind, sink));
        section(".BTF.ext").ifPresent(s -> btfExt(s, perKind, sink));
        relocations(perKind, sink);
        symbols(perKind, sink);
        instructions(4 * perKind, sink);
        section("maps").ifPresent(s -> words(s, "legacy-map-def", perKind, sink));
        section("license").ifPresent(s -> license(s, sink));
        sectionNames(perKind, sink);
        flips(perKind, sink);
    }

    private Optional<Section> section(String sectionName) {
        return elf.section(sectionName);
    }

    // --- .BTF ---

    private void btf(Section s, int n, Consumer<Mutant> sink) {
        BtfLayout btf = BtfLayout.of(original, (int) s.fileOffset(), order);
        if (btf == null || btf.records().isEmpty()) {
            return;
        }
        String[] fields = {"name_off", "info", "size/type"};
        for (int i = 0; i < n; i++) {
            int rec = btf.records().get(rnd.nextInt(btf.records().size()));
            int field = rnd.nextInt(3);
            patch(sink, "btf-" + fields[field], "type record at .BTF+0x" + hex(rec - (int) s.fileOffset()),
                    rec + 4 * field, interesting(btf.typeCount(), btf.strLen()));
        }
        for (int i = 0; i < n; i++) {
            int at = btf.typeStart() + 4 * rnd.nextInt(btf.typeLen() / 4);
            patch(sink, "btf-word", ".BTF+0x" + hex(at - (int) s.fileOffset()), at,
                    interesting(btf.typeCount(), btf.strLen()));
        }
        for (int i = 0; i < n && btf.strLen() > 1; i++) {
            int at = btf.strStart() + 1 + rnd.nextInt(btf.strLen() - 1);
            byte[] b = original.clone();
            b[at] = (byte) (rnd.nextBoolean() ? 0 : "x._[%"
                    .charAt(rnd.nextInt(5)));
            sink.accept(new Mutant("btf-string", "string byte .BTF+0x" + hex(at - (int) s.fileOffset())
                    + " = " + b[at], b));
        }
        mapDefinitions(btf, s, n, sink);
    }

    /**
     * BTF-defined maps: the members of each {@code .maps} variable's struct (their type ids,
     * and the array lengths that encode {@code type}, {@code max_entries} and friends).
     */
    private void mapDefinitions(BtfLayout btf, Section s, int n, Consumer<Mutant> sink) {
        List<Integer> targets = btf.mapDefWords();
        for (int i = 0; i < n && !targets.isEmpty(); i++) {
            int at = targets.get(rnd.nextInt(targets.size()));
            patch(sink, "btf-map-def", "map definition word .BTF+0x" + hex(at - (int) s.fileOffset()), at,
                    interesting(btf.typeCount(), btf.strLen()));
        }
    }

    // --- .BTF.ext ---

    private void btfExt(Section s, int n, Consumer<Mutant> sink) {
        BtfExtLayout ext = BtfExtLayout.of(original, (int) s.fileOffset(), order);
        BtfLayout btf = section(".BTF").map(t -> BtfLayout.of(original, (int) t.fileOffset(), order)).orElse(null);
        if (ext == null || btf == null) {
            return;
        }
        for (BtfExtLayout.Word kind : BtfExtLayout.Word.values()) {
            List<Integer> at = ext.words(kind);
            for (int i = 0; i < n && !at.isEmpty(); i++) {
                int off = at.get(rnd.nextInt(at.size()));
                patch(sink, "ext-" + kind.label, ".BTF.ext+0x" + hex(off - (int) s.fileOffset()), off,
                        interesting(btf.typeCount(), btf.strLen()));
            }
        }
    }

    // --- relocations and symbols ---

    private void relocations(int n, Consumer<Mutant> sink) {
        List<Section> rels = new ArrayList<>();
        for (Section s : elf.sections()) {
            if (s.type() == SectionType.SHT_REL && s.size() > 0) {
                rels.add(s);
            }
        }
        int nsyms = elf.symbols().size();
        for (int i = 0; i < n && !rels.isEmpty(); i++) {
            Section s = rels.get(rnd.nextInt(rels.size()));
            int count = (int) (s.size() / Relocation.REL_SIZE);
            int entry = rnd.nextInt(count);
            int at = (int) s.fileOffset() + entry * Relocation.REL_SIZE;
            Relocation r = ((SectionContent.Relocations) s.content()).relocations().get(entry);
            String where = s.name() + "[" + entry + "]";
            long targetSize = elf.section(s.info()).size();
            switch (rnd.nextInt(3)) {
                case 0 -> patch64(sink, "rel-offset", where + ".r_offset", at, pick(r.offset() + 8,
                        r.offset() - 8, r.offset() + 1, r.offset() + 4, targetSize, targetSize - 8, 0L));
                case 1 -> patch64(sink, "rel-symbol", where + ".r_info.sym", at + 8,
                        ((long) rnd.nextInt(nsyms) << 32) | (r.type() & 0xffffffffL));
                default -> patch64(sink, "rel-type", where + ".r_info.type", at + 8,
                        ((long) r.symbolIndex() << 32) | pick(0L, 1L, 2L, 3L, 4L, 10L, 11L, 255L));
            }
        }
    }

    private void symbols(int n, Consumer<Mutant> sink) {
        Optional<Section> symtab = elf.symbolTableSection();
        if (symtab.isEmpty() || elf.symbols().size() < 2) {
            return;
        }
        List<ElfSymbol> syms = elf.symbols();
        int shnum = elf.sections().size();
        for (int i = 0; i < n; i++) {
            int idx = 1 + rnd.nextInt(syms.size() - 1);
            ElfSymbol sym = syms.get(idx);
            int at = (int) symtab.get().fileOffset() + idx * ElfSymbol.ENTRY_SIZE;
            String where = "symbol " + idx + " (" + sym.name() + ")";
            switch (rnd.nextInt(4)) {
                case 0 -> patch64(sink, "sym-value", where + ".st_value", at + 8, pick(sym.value() + 8,
                        sym.value() + 1, sym.value() - 8, 1L << 40, -8L, sym.value() + 4096));
                case 1 -> patch64(sink, "sym-size", where + ".st_size", at + 16, pick(0L, 1L, sym.size() + 8,
                        sym.size() * 2, 1L << 40, -1L));
                case 2 -> patch16(sink, "sym-section", where + ".st_shndx", at + 6,
                        rnd.nextInt(4) == 0 ? pick16(0, 0xfff1, 0xfff2) : rnd.nextInt(shnum));
                default -> patchByte(sink, "sym-info", where + ".st_info", at + 4,
                        (pick16(0, 1, 2) << 4) | pick16(0, 1, 2, 3, 4, 6));
            }
        }
    }

    // --- instructions ---

    private static final int[] OPCODES = {
        0x07, 0x0f, 0x17, 0x1f, 0x27, 0x37, 0x3f, 0x47, 0x57, 0x67, 0x77, 0x87, 0x97, 0x9f, 0xa7,
        0xb7, 0xbf, 0xc7, 0xcf, 0xd7, 0x04, 0x0c, 0x34, 0xb4, 0xbc, 0x61, 0x69, 0x71, 0x79, 0x62,
        0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xc3, 0xdb, 0x05, 0x06, 0x15, 0x1d, 0x25, 0x2d,
        0x55, 0x65, 0xa5, 0xad, 0xc5, 0xd5, 0x16, 0x56, 0xa6, 0x85, 0x8d, 0x95, 0xe5, 0x18, 0x00,
        0x20, 0x30, 0x81, 0x91, 0xff, 0x8f, 0xe7,
    };

    private void instructions(int n, Consumer<Mutant> sink) {
        List<Section> code = new ArrayList<>();
        for (Section s : elf.sections()) {
            if (s.isExecutable() && s.size() >= 8) {
                code.add(s);
            }
        }
        for (int i = 0; i < n && !code.isEmpty(); i++) {
            Section s = code.get(rnd.nextInt(code.size()));
            int slot = rnd.nextInt((int) (s.size() / 8));
            int at = (int) s.fileOffset() + slot * 8;
            int op = original[at] & 0xff;
            String where = s.name() + "+0x" + hex(slot * 8) + " (op 0x" + hex(op) + ")";
            int choice = rnd.nextInt(5);
            if (op == 0x18 && rnd.nextBoolean()) {
                ldImm64(sink, where, at);
            } else if ((op == 0x85 || op == 0x8d) && rnd.nextBoolean()) {
                call(sink, where, at);
            } else if (choice == 0) {
                patchByte(sink, "insn-opcode", where + " opcode", at, OPCODES[rnd.nextInt(OPCODES.length)]);
            } else if (choice == 1) {
                patchByte(sink, "insn-regs", where + " regs", at + 1, rnd.nextInt(256));
            } else if (choice == 2) {
                patch16(sink, "insn-off", where + " off", at + 2, pick16(0, 1, 0xffff, 0x7fff, 0x8000, 2, 0xfffe)
                        + (rnd.nextBoolean() ? 0 : rnd.nextInt(16)));
            } else {
                patch(sink, "insn-imm", where + " imm", at + 4, pick(0L, 1L, -1L, 8L, 0x7fffffffL, 0x80000000L,
                        (long) rnd.nextInt(256)));
            }
        }
    }

    /** ld_imm64: the pseudo source (map fd/value, BTF id, func...) or either half of the immediate. */
    private void ldImm64(Consumer<Mutant> sink, String where, int at) {
        switch (rnd.nextInt(3)) {
            case 0 -> {
                byte[] b = original.clone();
                int regs = b[at + 1] & 0xff;
                int src = rnd.nextInt(8);
                b[at + 1] = (byte) (order == ByteOrder.LITTLE_ENDIAN ? (regs & 0x0f) | (src << 4) : (regs & 0xf0) | src);
                sink.accept(new Mutant("insn-ldimm64-src", where + " src=" + src, b));
            }
            case 1 -> patch(sink, "insn-ldimm64-imm", where + " imm", at + 4, pick(0L, 1L, 8L, 4096L, -1L,
                    0x7fffffffL, (long) rnd.nextInt(64)));
            default -> patch(sink, "insn-ldimm64-imm", where + " imm hi", at + 12, pick(1L, -1L, 0x80000000L));
        }
    }

    /** call: helper ids, bpf-to-bpf offsets and kfunc ids; the pseudo source. */
    private void call(Consumer<Mutant> sink, String where, int at) {
        if (rnd.nextBoolean()) {
            byte[] b = original.clone();
            int regs = b[at + 1] & 0xff;
            int src = rnd.nextInt(4);
            b[at + 1] = (byte) (order == ByteOrder.LITTLE_ENDIAN ? (regs & 0x0f) | (src << 4) : (regs & 0xf0) | src);
            sink.accept(new Mutant("insn-call-src", where + " src=" + src, b));
        } else {
            patch(sink, "insn-call-imm", where + " imm", at + 4, pick(-1L, 0L, 1L, 2L, 3L, 12L, 25L, 51L, 130L,
                    211L, 10000L, -1000L, (long) rnd.nextInt(220)));
        }
    }

    // --- maps, license, names, flips ---

    private void words(Section s, String category, int n, Consumer<Mutant> sink) {
        int words = (int) (s.size() / 4);
        for (int i = 0; i < n && words > 0; i++) {
            int w = rnd.nextInt(words);
            patch(sink, category, s.name() + "+0x" + hex(w * 4), (int) s.fileOffset() + w * 4,
                    pick(0L, 1L, 2L, 3L, 4L, 5L, 9L, 12L, 27L, 33L, 1000L, 0x7fffffffL, -1L, 0x80000000L));
        }
    }

    private void license(Section s, Consumer<Mutant> sink) {
        int at = (int) s.fileOffset();
        int len = (int) s.size();
        byte[] unterminated = original.clone();
        Arrays.fill(unterminated, at, at + len, (byte) 'A');
        sink.accept(new Mutant("license", "license without a terminating NUL", unterminated));
        byte[] empty = original.clone();
        Arrays.fill(empty, at, at + len, (byte) 0);
        sink.accept(new Mutant("license", "empty license", empty));
        byte[] proprietary = original.clone();
        Arrays.fill(proprietary, at, at + len, (byte) 0);
        byte[] p = "Proprietary".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, proprietary, at, Math.min(p.length, len - 1));
        sink.accept(new Mutant("license", "proprietary license", proprietary));
    }

    private void sectionNames(int n, Consumer<Mutant> sink) {
        List<Section> renamable = new ArrayList<>();
        for (Section s : elf.sections()) {
            if (s.type() == SectionType.SHT_PROGBITS || s.type() == SectionType.SHT_NOBITS) {
                renamable.add(s);
            }
        }
        for (int i = 0; i < n && !renamable.isEmpty(); i++) {
            Section s = renamable.get(rnd.nextInt(renamable.size()));
            String to = SECTION_NAMES[rnd.nextInt(SECTION_NAMES.length)];
            sink.accept(new Mutant("section-name", s.name() + " renamed " + to, renamed(s, to)));
        }
    }

    /** The object with section {@code s} named {@code to}: the name appended to {@code .shstrtab}. */
    private byte[] renamed(Section s, String to) {
        Section shstrtab = elf.section(elf.shstrndx());
        byte[] old = shstrtab.data();
        byte[] add = (to + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] names = Arrays.copyOf(old, old.length + add.length);
        System.arraycopy(add, 0, names, old.length, add.length);
        List<Section> sections = new ArrayList<>(elf.sections());
        sections.set(shstrtab.index(), shstrtab.withContent(new SectionContent.Bytes(names)));
        sections.set(s.index(), new Section(s.index(), to, old.length, s.type(), s.flags(), s.addr(),
                s.fileOffset(), s.link(), s.info(), s.addralign(), s.entsize(), s.content()));
        return ElfWriter.write(new ElfObject(elf.file(), elf.header(), sections, elf.shstrndx(), 0).layOut());
    }

    /** Random bytes flipped inside the sections the loader reads (not the ELF headers). */
    private void flips(int n, Consumer<Mutant> sink) {
        List<Section> targets = new ArrayList<>();
        for (Section s : elf.sections()) {
            if (s.type() != SectionType.SHT_NULL && s.type() != SectionType.SHT_NOBITS && s.size() > 0
                    && s.index() != elf.shstrndx() && !s.name().startsWith(".debug")
                    && !s.name().startsWith(".rel.debug") && !s.name().equals(".strtab")) {
                targets.add(s);
            }
        }
        for (int i = 0; i < n && !targets.isEmpty(); i++) {
            Section s = targets.get(rnd.nextInt(targets.size()));
            int off = rnd.nextInt((int) s.size());
            byte[] b = original.clone();
            int mask = 1 << rnd.nextInt(8);
            b[(int) s.fileOffset() + off] ^= (byte) (rnd.nextInt(4) == 0 ? 0xff : mask);
            sink.accept(new Mutant("flip", "byte flip at " + s.name() + "+0x" + hex(off), b));
        }
    }

    // --- patching ---

    private long interesting(int typeCount, int strLen) {
        return pick(0L, 1L, 2L, -1L, 0x7fffffffL, 0x80000000L, (long) typeCount, typeCount + 1L,
                (long) strLen, strLen - 1L, (long) rnd.nextInt(Math.max(1, typeCount + 2)),
                (long) rnd.nextInt(Math.max(1, strLen)), rnd.nextInt() & 0xffffffffL,
                0x0f000000L | rnd.nextInt(8), 0x01000000L | rnd.nextInt(4));
    }

    private long pick(long... values) {
        return values[rnd.nextInt(values.length)];
    }

    private int pick16(int... values) {
        return values[rnd.nextInt(values.length)];
    }

    private void patch(Consumer<Mutant> sink, String category, String where, int at, long value) {
        byte[] b = original.clone();
        ByteBuffer.wrap(b).order(order).putInt(at, (int) value);
        sink.accept(new Mutant(category, where + " = 0x" + hex((int) value), b));
    }

    private void patch64(Consumer<Mutant> sink, String category, String where, int at, long value) {
        byte[] b = original.clone();
        ByteBuffer.wrap(b).order(order).putLong(at, value);
        sink.accept(new Mutant(category, where + " = 0x" + Long.toHexString(value), b));
    }

    private void patch16(Consumer<Mutant> sink, String category, String where, int at, int value) {
        byte[] b = original.clone();
        ByteBuffer.wrap(b).order(order).putShort(at, (short) value);
        sink.accept(new Mutant(category, where + " = 0x" + hex(value & 0xffff), b));
    }

    private void patchByte(Consumer<Mutant> sink, String category, String where, int at, int value) {
        byte[] b = original.clone();
        b[at] = (byte) value;
        sink.accept(new Mutant(category, where + " = 0x" + hex(value & 0xff), b));
    }

    private static String hex(int v) {
        return Integer.toHexString(v);
    }

    String name() {
        return name;
    }
}
