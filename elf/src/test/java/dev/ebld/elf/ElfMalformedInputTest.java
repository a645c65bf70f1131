package dev.ebld.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * At least 10,000 malformed inputs made from the fixtures with a fixed seed. Each must either
 * parse (and then write, and read back to the same bytes) or raise {@link ElfFormatException}
 * whose message names an offset in the input. Anything else fails with the case that caused it.
 */
class ElfMalformedInputTest {
    private static final long SEED = 0x5eed_e1fL;
    private static final int FLIPS_PER_FIXTURE = 50;

    private final Map<String, int[]> stats = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    /** Rejection reasons with numbers blanked out, so each check counts once. */
    private final Map<String, Integer> reasons = new TreeMap<>();

    @Test
    void everyMalformedInputParsesOrIsRejectedWithAnOffset() throws Exception {
        long start = System.nanoTime();
        Random rnd = new Random(SEED);
        List<Path> objs = ElfFixtures.objects();
        int total = 0;
        for (int i = 0; i < objs.size(); i++) {
            Path obj = objs.get(i);
            byte[] original = ElfFixtures.bytes(obj);
            String name = obj.getFileName().toString();
            MalformedInputs gen = new MalformedInputs(name, original,
                    ElfReader.read(original, name));
            int before = counted();
            // Every boundary of a quarter of the fixtures for each kind of cut, alternating byte
            // orders (fixtures come in -eb/-el pairs and sort that way); the rest would add time
            // but no new structure.
            if ((i + i / 4) % 4 == 0) {
                gen.truncations(this::check);
            }
            if ((i + i / 4) % 4 == 2) {
                gen.truncationsWithHeadersFirst(this::check);
            }
            gen.flips(rnd, FLIPS_PER_FIXTURE, this::check);
            // Field edits are many per fixture: one of each byte order is enough.
            if (i == 0 || i == objs.size() / 2 + 1) {
                gen.fieldEdits(this::check);
            }
            total += counted() - before;
        }
        assertOutcomes(total);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("malformed inputs (seed 0x" + Long.toHexString(SEED) + "): " + total
                + " in " + ms + " ms"
                + "; parsed/rejected per category: " + describe());
        reasons.forEach((r, n) -> System.out.println(String.format("%7d  %s", n, r)));
    }

    /** No unexpected outcome; enough inputs; every category rejected some; checks reached. */
    private void assertOutcomes(int total) {
        assertThat(failures).as("seed 0x%x: unexpected outcomes", SEED).isEmpty();
        assertThat(total).isGreaterThanOrEqualTo(10_000);
        for (String category : List.of("truncate", "truncate-headers-first", "flip", "field")) {
            int[] s = stats.get(category);
            assertThat(s).as(category).isNotNull();
            assertThat(s[1]).as(category + " rejected").isPositive();
        }
        assertThat(stats.get("flip")[0]).as("some flips are harmless and parse").isPositive();
        // The inputs must keep reaching the deep checks (names, links, entries), not just the
        // first few header checks.
        assertThat(reasons.size()).as("distinct rejection reasons: " + reasons.keySet())
                .isGreaterThanOrEqualTo(30);
    }

    private int counted() {
        int n = 0;
        for (int[] s : stats.values()) {
            n += s[0] + s[1];
        }
        return n;
    }

    private void check(MalformedInputs.Case c) {
        int[] s = stats.computeIfAbsent(c.category(), k -> new int[3]);
        long t0 = System.nanoTime();
        try {
            checkOne(c, s);
        } finally {
            s[2] += (int) ((System.nanoTime() - t0) / 1000);
        }
    }

    private void checkOne(MalformedInputs.Case c, int[] s) {
        try {
            ElfObject parsed = ElfReader.read(c.bytes(), "fuzz.o");
            byte[] written = ElfWriter.write(parsed);
            byte[] again = ElfWriter.write(ElfReader.read(written, "fuzz-rewritten.o"));
            if (!Arrays.equals(written, again)) {
                fail(c, "written output does not read back to the same bytes");
            }
            s[0]++;
        } catch (ElfFormatException e) {
            s[1]++;
            reasons.merge(e.reason().replaceAll("\\(.*?\\)|\\[.*?\\)|0x[0-9a-f]+|\\d+", "#"), 1,
                    Integer::sum);
            if (!e.getMessage().contains("0x") || e.offset() < 0
                    || e.offset() > c.bytes().length) {
                fail(c, "rejection without a valid offset: " + e.getMessage());
            }
        } catch (Throwable t) {
            fail(c, t.toString());
        }
    }

    private void fail(MalformedInputs.Case c, String why) {
        if (failures.size() < 20) {
            failures.add(c.description() + ": " + why);
        }
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        stats.forEach((k, v) -> sb.append(k).append(' ').append(v[0]).append('/').append(v[1])
                .append(" in ").append(v[2] / 1000).append(" ms; "));
        return sb.toString();
    }
}
