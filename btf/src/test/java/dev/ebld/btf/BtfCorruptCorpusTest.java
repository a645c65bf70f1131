package dev.ebld.btf;

import dev.ebld.btf.c.HeaderWriter;
import dev.ebld.btf.c.Spelling;
import dev.ebld.btf.dump.RawDump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mutations of every fixture's .BTF and .BTF.ext (truncations and random byte flips, fixed
 * seed): reading must either succeed or throw BtfFormatException naming the section read, with
 * an offset inside the input. Whatever reads successfully must also survive writing, both dumps and size queries.
 */
class BtfCorruptCorpusTest {
    private static final long SEED = 0xEB1DL;
    private static final int FLIPS_PER_SECTION = 40;
    private static final int CUTS_PER_SECTION = 12;

    private record Sample(String label, byte[] btf, byte[] ext) {
    }

    private static List<Sample> samples() throws Exception {
        List<Sample> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path p : Fixtures.objectsWithBtf()) {
            byte[] btf = Fixtures.section(p, ".BTF").orElseThrow();
            byte[] ext = Fixtures.section(p, ".BTF.ext").orElse(null);
            if (seen.add(Arrays.hashCode(btf) + ":" + (ext == null ? 0 : Arrays.hashCode(ext)))) {
                out.add(new Sample(p.getFileName().toString(), btf, ext));
            }
        }
        return out;
    }

    @Test
    void mutatedSectionsGiveOnlyTypedErrorsWithOffsets() throws Exception {
        Random rnd = new Random(SEED);
        int cases = 0;
        int rejected = 0;
        for (Sample s : samples()) {
            for (byte[] m : mutations(s.btf(), rnd)) {
                cases++;
                rejected += checkBtf(s.label() + " .BTF", m) ? 0 : 1;
            }
            if (s.ext() != null) {
                Btf btf = BtfReader.read(s.btf());
                for (byte[] m : mutations(s.ext(), rnd)) {
                    cases++;
                    rejected += checkExt(s.label() + " .BTF.ext", m, btf) ? 0 : 1;
                }
            }
        }
        System.out.println("[corpus] " + cases + " mutated sections, " + rejected + " rejected with BtfFormatException");
        assertThat(cases).isGreaterThan(2000);
        assertThat(rejected).isGreaterThan(cases / 2);
    }

    private static List<byte[]> mutations(byte[] data, Random rnd) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < CUTS_PER_SECTION; i++) {
            out.add(Arrays.copyOf(data, rnd.nextInt(data.length)));
        }
        for (int i = 0; i < FLIPS_PER_SECTION; i++) {
            byte[] m = data.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                // bias towards the header and the first records, where a flip changes structure
                int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(96, m.length)) : rnd.nextInt(m.length);
                m[at] ^= (byte) (1 << rnd.nextInt(8));
            }
            out.add(m);
        }
        return out;
    }

    /** True when the mutation still reads; then everything downstream must work too. */
    private static boolean checkBtf(String label, byte[] m) {
        Btf btf;
        try {
            btf = BtfReader.read(m);
        } catch (BtfFormatException e) {
            assertThat(e.offset()).as(label + ": " + e.getMessage()).isBetween(0L, (long) m.length);
            assertThat(e.section()).as(label + ": " + e.getMessage()).isEqualTo(BtfSection.BTF);
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(label + ": untyped failure " + e + " for mutation " + hex(m), e);
        }
        try {
            assertThat(BtfWriter.write(btf)).as(label + " rewrite").isEqualTo(m);
            RawDump.text(btf);
            HeaderWriter.write(btf);
            for (int id = 1; id < btf.typeCount(); id++) {
                Spelling.name(btf, id);
                if (BtfTypes.hasSize(btf, id)) {
                    BtfTypes.sizeOf(btf, id);
                }
            }
        } catch (RuntimeException | Error e) {
            throw new AssertionError(label + ": accepted BTF broke a consumer: " + e + " for " + hex(m), e);
        }
        return true;
    }

    private static boolean checkExt(String label, byte[] m, Btf btf) {
        try {
            BtfExt ext = BtfExtReader.read(m, btf);
            assertThat(BtfExtWriter.write(ext)).as(label + " rewrite").isEqualTo(m);
            return true;
        } catch (BtfFormatException e) {
            assertThat(e.offset()).as(label + ": " + e.getMessage()).isBetween(0L, (long) m.length);
            assertThat(e.section()).as(label + ": " + e.getMessage()).isEqualTo(BtfSection.BTF_EXT);
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(label + ": untyped failure " + e + " for mutation " + hex(m), e);
        }
    }

    private static String hex(byte[] m) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(m.length, 64); i++) {
            sb.append(String.format("%02x", m[i]));
        }
        return sb + (m.length > 64 ? "..." : "");
    }
}
