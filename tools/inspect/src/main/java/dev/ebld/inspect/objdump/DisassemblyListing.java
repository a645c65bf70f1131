package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code llvm-objdump -d [-r]}: mirrors {@code disassembleObject} for relocatable BPF objects.
 *
 * <p>How llvm-objdump walks a section, and so how this class does: executable, non-NOBITS,
 * non-empty sections in header order. The section's symbols (all but the null symbol, section and
 * file symbols, and empty names), plus a dummy named after the section when none sits at its
 * start, are sorted by address then name. Each run of symbols at one address starts a chunk that
 * ends at the next address; the chunk's label is the last symbol there that is not a data object
 * (a chunk of data objects only is dumped as bytes). Inside a chunk: runs of 8+ zero bytes are
 * skipped as {@code ...} (in multiples of 4, never past the next relocation with {@code -r});
 * each instruction line shows the slot number, raw bytes, text and, for branches, the nearest
 * symbol at or before the target; then any CO-RE line and relocations for its bytes.
 */
final class DisassemblyListing {
    private static final Comparator<RelocLine> BY_OFFSET =
            (a, b) -> Long.compareUnsigned(a.offset(), b.offset());

    /** A relocation line waiting to be printed. */
    private record RelocLine(long offset, String type, String value) {
    }

    private final ElfObject obj;
    private final ObjdumpOptions opts;
    private final StringBuilder out;
    private final Map<Integer, List<LlvmSymbols.Entry>> sectionSymbols = new HashMap<>();
    private final List<LlvmSymbols.Entry> absoluteSymbols = new ArrayList<>();
    private final CoreRelocations core;
    private final ByteOrder order;

    DisassemblyListing(ElfObject obj, ObjdumpOptions opts, StringBuilder out) {
        this.obj = obj;
        this.opts = opts;
        this.out = out;
        this.order = obj.header().byteOrder();
        this.core = opts.relocations() ? CoreRelocations.parse(obj) : null;
        collectSymbols();
    }

    private void collectSymbols() {
        List<ElfSymbol> symbols = obj.symbols();
        for (int i = 1; i < symbols.size(); i++) {
            ElfSymbol sym = symbols.get(i);
            if (sym.name().isEmpty() || LlvmSymbols.isFormatSpecific(sym, i)) {
                continue;
            }
            LlvmSymbols.Entry e = new LlvmSymbols.Entry(LlvmSymbols.address(obj, sym), sym.name(),
                    sym.type());
            Section s = LlvmSymbols.section(obj, sym);
            if (s == null) {
                absoluteSymbols.add(e);
            } else {
                sectionSymbols.computeIfAbsent(s.index(), k -> new ArrayList<>()).add(e);
            }
        }
        absoluteSymbols.sort(LlvmSymbols.ORDER);
    }

    void print() {
        for (Section s : obj.sections()) {
            // A model built in code could mark a decoded table executable; only bytes are code.
            if (s.isExecutable() && s.content() instanceof SectionContent.Bytes && s.size() != 0) {
                new SectionWalk(s).run();
            }
        }
    }

    /** Relocations applying to {@code target}, from every REL/RELA section, stably by offset. */
    private List<RelocLine> relocLines(Section target) {
        List<RelocLine> lines = new ArrayList<>();
        if (!opts.relocations()) {
            return lines;
        }
        for (Section s : obj.sections()) {
            if (s.content() instanceof SectionContent.Relocations rels && s.info() == target.index()) {
                for (Relocation r : rels.relocations()) {
                    lines.add(new RelocLine(r.offset(), RelocationText.typeName(r.type()),
                            RelocationText.value(obj, r, rels.rela())));
                }
            }
        }
        lines.sort(BY_OFFSET);
        return lines;
    }

    /** The state of one section's walk: its symbols, bytes and relocation cursor. */
    private final class SectionWalk {
        private final Section section;
        private final byte[] bytes;
        private final long base;
        private final List<LlvmSymbols.Entry> symbols;
        private final List<RelocLine> relocs;
        private int relCur;
        private boolean printedHeader;

        SectionWalk(Section section) {
            this.section = section;
            this.bytes = section.data();
            this.base = section.addr();
            this.symbols = new ArrayList<>(sectionSymbols.getOrDefault(section.index(), List.of()));
            this.symbols.sort(LlvmSymbols.ORDER);
            this.relocs = relocLines(section);
            addDummySymbol();
        }

        private void addDummySymbol() {
            for (LlvmSymbols.Entry e : symbols) {
                if (e.address() == base) {
                    return;
                }
            }
            LlvmSymbols.Entry dummy = new LlvmSymbols.Entry(base, section.name(), ElfSymbol.STT_FUNC);
            int at = 0;
            while (at < symbols.size() && LlvmSymbols.ORDER.compare(symbols.get(at), dummy) < 0) {
                at++;
            }
            symbols.add(at, dummy);
        }

        void run() {
            int n = symbols.size();
            for (int si = 0; si < n; ) {
                int first = si;
                long start = symbols.get(si).address();
                while (si < n && symbols.get(si).address() == start) {
                    si++;
                }
                long end = base + bytes.length;
                if (si < n && Long.compareUnsigned(symbols.get(si).address(), end) < 0) {
                    end = symbols.get(si).address();
                }
                if (Long.compareUnsigned(start, base) < 0 || Long.compareUnsigned(start, end) >= 0
                        || end == 0) {
                    continue;
                }
                chunk(symbols.subList(first, si), start - base, end - base);
            }
        }

        private void chunk(List<LlvmSymbols.Entry> here, long start, long end) {
            boolean asData = true;
            int display = here.size() - 1;
            for (int i = 0; i < here.size(); i++) {
                int t = here.get(i).type();
                if (t != ElfSymbol.STT_OBJECT && t != 5) {
                    asData = false;
                    display = i;
                }
            }
            if (!printedHeader) {
                printedHeader = true;
                out.append("\nDisassembly of section ").append(section.name()).append(":\n");
            }
            out.append('\n').append(Hex.padded(base + start, 16)).append(" <")
                    .append(here.get(display).name()).append(">:\n");
            if (asData) {
                DataDump.print(bytes, base, (int) start, (int) end, out);
                return;
            }
            while (relCur < relocs.size()
                    && Long.compareUnsigned(relocs.get(relCur).offset(), start) < 0) {
                relCur++;
            }
            instructions((int) start, (int) end);
        }

        private void instructions(int start, int end) {
            for (int index = start; index < end; ) {
                int zeros = skippableZeros(index, end);
                if (zeros > 0) {
                    out.append("\t\t...\n");
                    index += zeros;
                    continue;
                }
                Disassembler.Decoded d = Disassembler.decode(bytes, index, bytes.length, order,
                        base + index);
                instructionLine(index, d);
                if (core != null) {
                    String text = core.describe(section.index(), index);
                    if (text != null) {
                        out.append("\t\t").append(Hex.padded(index, 16)).append(":  CO-RE ")
                                .append(text).append('\n');
                    }
                }
                relocationLines(index, d.size());
                index += d.size();
            }
        }

        private int skippableZeros(int index, int end) {
            long max = end - index;
            if (opts.relocations() && relCur < relocs.size()) {
                long toReloc = relocs.get(relCur).offset() - index;
                if (Long.compareUnsigned(toReloc, max) < 0) {
                    max = toReloc;
                }
            }
            int n = 0;
            while (n < max && bytes[index + n] == 0) {
                n++;
            }
            return n < 8 ? 0 : n & ~3;
        }

        private void instructionLine(int index, Disassembler.Decoded d) {
            long address = base + index;
            String slot = Long.toUnsignedString(Long.divideUnsigned(address, 8));
            out.append("        ", 0, Math.max(0, 8 - slot.length())).append(slot).append(':');
            if (opts.showRawInsn()) {
                out.append('\t').append(Hex.bytes(bytes, index, index + d.size()));
            }
            out.append(d.printed());
            if (d.hasTarget()) {
                out.append(targetAnnotation(d.target()));
            }
            out.append('\n');
        }

        /** {@code " <sym>"} or {@code " <sym+0x..>"} for the nearest symbol at or before target. */
        private String targetAnnotation(long target) {
            LlvmSymbols.Entry sym = lastAtOrBefore(symbols, target);
            if (sym == null) {
                sym = lastAtOrBefore(absoluteSymbols, target);
            }
            if (sym == null) {
                return "";
            }
            long disp = target - sym.address();
            return " <" + sym.name() + (disp == 0 ? "" : "+0x" + Long.toHexString(disp)) + ">";
        }

        private void relocationLines(int index, int size) {
            while (relCur < relocs.size()) {
                RelocLine r = relocs.get(relCur);
                if (Long.compareUnsigned(r.offset(), index + (long) size) >= 0) {
                    return;
                }
                if (Long.compareUnsigned(r.offset(), index) >= 0) {
                    out.append("\t\t").append(Hex.padded(base + r.offset(), 16)).append(":  ")
                            .append(r.type()).append('\t').append(r.value()).append('\n');
                }
                relCur++;
            }
        }
    }

    private static LlvmSymbols.Entry lastAtOrBefore(List<LlvmSymbols.Entry> list, long target) {
        LlvmSymbols.Entry found = null;
        for (LlvmSymbols.Entry e : list) {
            if (Long.compareUnsigned(e.address(), target) > 0) {
                break;
            }
            found = e;
        }
        return found;
    }
}
