package dev.ebld.inspect.objdump;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;
import dev.ebld.bytes.FixedWidth;
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
 *
 * <p>The types come from the btf module's {@link BtfReader}, which checks more than LLVM's parser
 * does (reserved bits, type ids, padding): BTF that it rejects gets no CO-RE lines, where
 * llvm-objdump might still print some. clang never emits such BTF.
 */
final class CoreRelocations {
    /** One {@code bpf_core_relo}. */
    record Record(long insnOffset, long typeId, long accessStrOff, long kind) {
    }

    private final Btf btf;
    private final ByteOrder order;
    private final Map<Integer, List<Record>> bySection = new HashMap<>();

    private CoreRelocations(Btf btf, ByteOrder order) {
        this.btf = btf;
        this.order = order;
    }

    /**
     * {@code null} unless the object has .BTF and .BTF.ext, the .BTF reads in the object's byte
     * order (LLVM reads it in no other) and the .BTF.ext header is sane.
     */
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
        Btf btf;
        try {
            btf = BtfReader.read(btfSec.data());
        } catch (BtfFormatException e) {
            return null;
        }
        if (btf.byteOrder() != order) {
            return null;
        }
        CoreRelocations c = new CoreRelocations(btf, order);
        c.parseExt(extSec.data(), byName);
        return c;
    }

    private void parseExt(byte[] data, Map<String, Section> byName) {
        if (data.length < 32 || FixedWidth.u16(data, 0, order) != 0xeb9f || (data[2] & 0xff) != 1
                || u32(data, 4) < 8) {
            return;
        }
        long hdrLen = u32(data, 4);
        long relocLen = u32(data, 28);
        if (relocLen != 0) {
            long start = (hdrLen + u32(data, 24)) & 0xffffffffL;
            parseRecords(data, start, (start + relocLen) & 0xffffffffL, byName);
        }
    }

    private long u32(byte[] data, long p) {
        return FixedWidth.uint32(data, (int) p, order);
    }

    /** Reads record groups; returns false where LLVM's cursor would fail (records so far stay). */
    private boolean parseRecords(byte[] w, long start, long end, Map<String, Section> byName) {
        int len = w.length;
        if (start + 4 > len) {
            return false;
        }
        long recSize = u32(w, start);
        if (recSize < 16) {
            return false;
        }
        long pos = start + 4;
        while (pos < end) {
            if (pos + 8 > len) {
                return false;
            }
            Section sec = byName.get(CoreSpecText.string(btf, u32(w, pos)));
            long count = u32(w, pos + 4);
            pos += 8;
            List<Record> list = sec == null ? new ArrayList<>()
                    : bySection.computeIfAbsent(sec.index(), k -> new ArrayList<>());
            for (long i = 0; i < count; i++, pos += recSize) {
                if (pos + 16 > len) {
                    return false;
                }
                int p = (int) pos;
                list.add(new Record(u32(w, p), u32(w, p + 4), u32(w, p + 8), u32(w, p + 12)));
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
