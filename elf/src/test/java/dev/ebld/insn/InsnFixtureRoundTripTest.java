package dev.ebld.insn;

import dev.ebld.elf.ElfFixtures;
import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.Section;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every executable section of every fixture object: decoding then encoding gives the same bytes,
 * clang's output decodes without a single {@link Unknown}, and the instructions survive a trip
 * through the other byte order. Objects without code (data-only negative scenarios) pass
 * trivially; {@link #fixturesHaveCode()} makes sure the suite as a whole saw code. (The test
 * reads ELF; the codec itself does not.)
 */
class InsnFixtureRoundTripTest {

    static List<Path> objects() {
        return ElfFixtures.objects();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void decodeEncodeIsIdentity(Path path) throws IOException, ElfFormatException {
        ElfObject obj = ElfReader.read(path);
        ByteOrder order = obj.header().byteOrder();
        ByteOrder other = order == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        for (Section s : obj.sections()) {
            if (!s.isExecutable() || s.size() == 0) {
                continue;
            }
            byte[] code = s.data();
            List<Insn> insns = InsnCodec.decodeAll(code, order);
            assertThat(InsnCodec.encodeAll(insns, order)).as(s.label()).isEqualTo(code);
            assertThat(insns).as(s.label()).noneMatch(i -> i instanceof Unknown);
            byte[] swapped = InsnCodec.encodeAll(insns, other);
            assertThat(InsnCodec.decodeAll(swapped, other)).as(s.label()).isEqualTo(insns);
        }
    }

    @org.junit.jupiter.api.Test
    void fixturesHaveCode() throws IOException, ElfFormatException {
        long slots = 0;
        for (Path p : objects()) {
            for (Section s : ElfReader.read(p).sections()) {
                slots += s.isExecutable() ? s.size() / 8 : 0;
            }
        }
        assertThat(slots).isGreaterThan(1000);
    }
}
