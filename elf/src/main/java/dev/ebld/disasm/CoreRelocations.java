package dev.ebld.disasm;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CO-RE relocation records of {@code .BTF.ext}, for the {@code CO-RE ...} lines that
 * {@code llvm-objdump -d -r} prints under instructions. Parsing follows LLVM's {@code BTFParser}:
 * records of each section sorted (stably) by instruction offset once the section's records are
 * read, and a binary search for the first record at exactly that offset. Like LLVM, records read
 * before a truncated record table are kept (the section being read then stays unsorted).
 * Describing a record is {@link CoreSpecText}'s job.
 */
final class CoreRelocations {
    /** One {@code bpf_core_relo}. */
    record Record(long insnOffset, long typeId, long accessStrOff, long kind) {
    }

    private final BtfTypeTable btf;
    private final Map<Integer, List<Record>> bySection = new HashMap<>();

    private CoreRelocations(BtfTypeTable btf) {
        this.btf = btf;
    }

    /** {@code null} unless the object has .BTF and .BTF.ext and their headers and types parse. */
    static CoreRelocations parse(ElfObject obj) {
        Map<String, Section> byName = new HashMap<>();
        for (Section s : obj.sections()) {
            byName.put(s.name(), s);
        }
        Section btfSec = byName.get(".BTF");
        Section extSec = byName.get(".BTF.ext");
        if (btfSec == null || extSec == null || !(btfSec.content() instanceof SectionContent.Bytes)
                || !(extSec.content() instanceof SectionContent.Bytes)) {
            return null;
        }
        ByteOrder order = obj.header().byteOrder();
        BtfTypeTable btf = BtfTypeTable.parse(btfSec.data(), order);
        if (btf == null) {
            return null;
        }
        CoreRelocations c = new CoreRelocations(btf);
        c.parseExt(extSec.data(), order, byName);
        return c;
    }

    private void parseExt(byte[] data, ByteOrder order, Map<String, Section> byName) {
        BtfTypeTable.Words w = new BtfTypeTable.Words(data, order);
        if (data.length < 32 || w.u16(0) != 0xeb9f || (data[2] & 0xff) != 1 || w.u32(4) < 8) {
            return;
        }
        long hdrLen = w.u32(4);
        long relocLen = w.u32(28);
        if (relocLen != 0) {
            long start = (hdrLen + w.u32(24)) & 0xffffffffL;
            parseRecords(w, start, (start + relocLen) & 0xffffffffL, byName);
        }
    }

    /** Reads record groups; returns false where LLVM's cursor would fail (records so far stay). */
    private boolean parseRecords(BtfTypeTable.Words w, long start, long end,
                                 Map<String, Section> byName) {
        int len = w.data.length;
        if (start + 4 > len) {
            return false;
        }
        long recSize = w.u32((int) start);
        if (recSize < 16) {
            return false;
        }
        long pos = start + 4;
        while (pos < end) {
            if (pos + 8 > len) {
                return false;
            }
            Section sec = byName.get(btf.string(w.u32((int) pos)));
            long count = w.u32((int) pos + 4);
            pos += 8;
            List<Record> list = sec == null ? new ArrayList<>()
                    : bySection.computeIfAbsent(sec.index(), k -> new ArrayList<>());
            for (long i = 0; i < count; i++, pos += recSize) {
                if (pos + 16 > len) {
                    return false;
                }
                int p = (int) pos;
                list.add(new Record(w.u32(p), w.u32(p + 4), w.u32(p + 8), w.u32(p + 12)));
            }
            list.sort(Comparator.comparingLong(Record::insnOffset));
        }
        return true;
    }

    /** The text after {@code CO-RE } for the instruction at {@code offset}, or {@code null}. */
    String describe(int sectionIndex, long offset) {
        List<Record> list = bySection.get(sectionIndex);
        if (list == null) {
            return null;
        }
        // std::partition_point with "insnOffset < offset", step for step (lists may be unsorted).
        int first = 0;
        int len = list.size();
        while (len > 0) {
            int half = len / 2;
            if (list.get(first + half).insnOffset() < offset) {
                first += half + 1;
                len -= half + 1;
            } else {
                len = half;
            }
        }
        if (first == list.size() || list.get(first).insnOffset() != offset) {
            return null;
        }
        return new CoreSpecText(btf).describe(list.get(first));
    }
}
