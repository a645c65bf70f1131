package dev.ebld.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ElfReader#readSelected}: a file read on demand, skipping the sections the caller names,
 * is checked exactly as the whole file would be and yields the same model but for the skipped
 * contents.
 */
class ElfSelectedReadTest {
    private static final Predicate<String> DWARF = n -> n.startsWith(".debug_");
    private static final Predicate<String> DWARF_AND_RELS = n -> n.startsWith(".debug_") || n.startsWith(".rel.debug_");

    @TempDir
    Path tmp;

    static List<Path> fixtures() {
        return ElfFixtures.objects();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void skippedSectionsKeepTheirSizeAndEverythingElseIsAsReadWhole(Path obj) throws Exception {
        ElfObject whole = ElfReader.read(ElfFixtures.bytes(obj), obj.toString(), DWARF);
        ElfObject selected = ElfReader.readSelected(obj, DWARF, DWARF_AND_RELS);
        assertThat(selected.sections()).hasSameSizeAs(whole.sections());
        for (Section w : whole.sections()) {
            Section s = selected.section(w.index());
            assertThat(s.size()).isEqualTo(w.size());
            if (skipped(w)) {
                assertThat(s.content()).isEqualTo(new SectionContent.Unread(w.size()));
            } else {
                assertThat(s).isEqualTo(w);
            }
        }
    }

    @Test
    void skippedSectionsAreNeverRead() throws Exception {
        Path obj = ElfFixtures.root().resolve("obj/link_calls_a-el.o");
        ElfObject whole = ElfReader.read(ElfFixtures.bytes(obj), obj.toString());
        long skipped = 0;
        for (Section s : whole.sections()) {
            if (skipped(s)) {
                skipped += s.size();
            }
        }
        long[] read = new long[1];
        ElfReader.readSelected(obj, DWARF, DWARF_AND_RELS, read);
        assertThat(skipped).isPositive();
        assertThat(read[0]).isLessThanOrEqualTo(Files.size(obj) - skipped);
        long[] all = new long[1];
        ElfReader.readSelected(obj, DWARF, n -> false, all);
        assertThat(all[0]).isGreaterThan(read[0] + skipped / 2);
    }

    @Test
    void theFixturesHaveDwarfToSkip() throws Exception {
        // Guards the test above against passing because nothing was skipped.
        Path obj = ElfFixtures.root().resolve("obj/link_calls_a-el.o");
        ElfObject selected = ElfReader.readSelected(obj, DWARF, DWARF_AND_RELS);
        assertThat(selected.sections()).filteredOn(s -> s.content() instanceof SectionContent.Unread)
                .extracting(Section::name).contains(".debug_info", ".rel.debug_info", ".debug_str");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readingOnDemandWithoutSkippingIsReadingWhole(Path obj) throws Exception {
        assertThat(ElfReader.readSelected(obj, n -> false, n -> false))
                .isEqualTo(ElfReader.read(ElfFixtures.bytes(obj), obj.toString()));
    }

    /**
     * An empty section takes no bytes, so its offset may point anywhere in the file, here into
     * a skipped DWARF section: reading it must not look for loaded bytes there.
     */
    @Test
    void anEmptySectionInsideASkippedOneReadsAsEmpty() throws Exception {
        Path obj = ElfFixtures.root().resolve("obj/link_calls_a-el.o");
        byte[] bytes = ElfFixtures.bytes(obj).clone();
        ElfObject whole = ElfReader.read(bytes, obj.toString());
        Section license = whole.section("license").orElseThrow();
        Section dwarf = whole.section(".debug_info").orElseThrow();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long header = whole.sectionHeaderOffset() + (long) license.index() * ElfHeader.SHDR_SIZE;
        b.putLong((int) header + RawSection.SH_OFFSET, dwarf.fileOffset() + 16);
        b.putLong((int) header + RawSection.SH_SIZE, 0);
        Path file = tmp.resolve("empty-in-dwarf.o");
        Files.write(file, bytes);
        ElfObject selected = ElfReader.readSelected(file, DWARF, DWARF_AND_RELS);
        assertThat(selected.section("license").orElseThrow().size()).isZero();
        assertThat(outcome(() -> selected, true)).isEqualTo(outcome(() -> ElfReader.read(bytes, file.toString(), DWARF), false));
    }

    @Test
    void aModelWithUnreadContentCannotBeWritten() throws Exception {
        Path obj = ElfFixtures.root().resolve("obj/link_calls_a-el.o");
        ElfObject selected = ElfReader.readSelected(obj, DWARF, DWARF_AND_RELS);
        assertThatThrownBy(() -> ElfWriter.write(selected)).hasMessageContaining("was not read");
        Section dwarf = selected.section(".debug_info").orElseThrow();
        assertThatThrownBy(dwarf::bytes).hasMessageContaining(".debug_info").hasMessageContaining("was not read");
    }

    /**
     * Malformed files (cut short, flipped bits, edited fields) meet the same checks, in the same
     * order, whether read whole or on demand: the same rejection, or the same model but for the
     * skipped contents. On-demand reading loads a part only after the checks that put it inside
     * the file, so no malformed file makes it read out of range.
     */
    @Test
    void malformedFilesAreJudgedAsWhenReadWhole() throws Exception {
        Random rnd = new Random(0x5e1ec7L);
        List<String> failures = new ArrayList<>();
        int[] cases = new int[1];
        List<Path> objs = ElfFixtures.objects();
        for (int i = 0; i < objs.size(); i += 9) {
            Path obj = objs.get(i);
            byte[] original = ElfFixtures.bytes(obj);
            String name = obj.getFileName().toString();
            MalformedInputs gen = new MalformedInputs(name, original, ElfReader.read(original, name));
            gen.truncationsWithHeadersFirst(c -> compare(c, failures, cases));
            gen.flips(rnd, 40, c -> compare(c, failures, cases));
            if (i == 0) {
                // Header fields set to edge values: offsets into other sections, sizes of 0.
                gen.fieldEdits(c -> compare(c, failures, cases));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(cases[0]).isGreaterThan(500);
    }

    private void compare(MalformedInputs.Case c, List<String> failures, int[] cases) {
        cases[0]++;
        Path file = tmp.resolve("case.o");
        try {
            Files.write(file, c.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String whole = outcome(() -> ElfReader.read(c.bytes(), file.toString(), DWARF), false);
        String selected = outcome(() -> ElfReader.readSelected(file, DWARF, DWARF_AND_RELS), true);
        if (!Objects.equals(whole, selected) && failures.size() < 10) {
            failures.add(c.description() + ": whole " + whole + " / selected " + selected);
        }
    }

    /** Whether readSelected with DWARF_AND_RELS leaves {@code s} unread: tables and NOBITS are never skipped. */
    private static boolean skipped(Section s) {
        return s.type() != SectionType.SHT_SYMTAB && s.type() != SectionType.SHT_STRTAB
                && s.type() != SectionType.SHT_NOBITS && s.index() != 0 && DWARF_AND_RELS.test(s.name());
    }

    private interface Read {
        ElfObject read() throws Exception;
    }

    /** The rejection message, or the sections with skippable contents shown as their size. */
    private static String outcome(Read read, boolean selected) {
        try {
            StringBuilder sb = new StringBuilder();
            for (Section s : read.read().sections()) {
                sb.append(s.index()).append(' ').append(s.name()).append(' ')
                        .append(skipped(s) ? "unread " + s.size() : s.content()).append('\n');
            }
            return sb.toString();
        } catch (ElfFormatException e) {
            return "rejected: " + e.getMessage();
        } catch (Exception e) {
            return "unexpected: " + e;
        }
    }
}
