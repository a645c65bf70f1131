package dev.ebld.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Byte ranges of a file (ELF header, section header table, section contents) and the check that
 * no two of them share a byte. The reader rejects overlapping input with it; the writer uses it to
 * refuse a model whose recorded offsets would make one part overwrite another.
 */
final class FileRanges {

    /**
     * {@code [start, end)} in the file, with a label for messages; ordered by start, then end.
     * The order is written out rather than built from {@code Comparator.comparingLong}: that
     * factory's lambdas are spun at run time on every cold JVM (the AOT cache cannot keep lambdas
     * created inside {@code java.util.Comparator}), a few milliseconds of every link.
     */
    record Range(long start, long end, String label) implements Comparable<Range> {
        @Override
        public int compareTo(Range o) {
            int c = Long.compare(start, o.start);
            return c != 0 ? c : Long.compare(end, o.end);
        }
    }

    /** Two ranges that share bytes; {@code later} starts at or after {@code earlier}. */
    record Overlap(Range earlier, Range later) {
        String describe() {
            return later.label() + " [0x" + Long.toHexString(later.start()) + ", 0x"
                    + Long.toHexString(later.end()) + ") overlaps " + earlier.label() + " [0x"
                    + Long.toHexString(earlier.start()) + ", 0x" + Long.toHexString(earlier.end())
                    + ")";
        }
    }

    private final List<Range> ranges = new ArrayList<>();

    /** Records a range; empty ranges occupy nothing and are ignored. */
    void add(long start, long end, String label) {
        if (end > start) {
            ranges.add(new Range(start, end, label));
        }
    }

    /**
     * Sorting by start makes one pass enough: a range overlaps some earlier one exactly when it
     * starts before the furthest end seen so far.
     */
    Optional<Overlap> firstOverlap() {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(null);
        Range furthest = null;
        for (Range r : sorted) {
            if (furthest != null && r.start() < furthest.end()) {
                return Optional.of(new Overlap(furthest, r));
            }
            if (furthest == null || r.end() > furthest.end()) {
                furthest = r;
            }
        }
        return Optional.empty();
    }
}
