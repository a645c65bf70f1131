package dev.ebld.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Who owns the bytes a model was read from. {@link ElfReader#read(byte[], String)} copies, so the
 * caller's array stays the caller's; {@link ElfReader#readAdopting} takes the array over and its
 * sections are views of it, not copies.
 */
class ElfReaderOwnershipTest {
    private static final Path OBJ = ElfFixtures.root().resolve("obj/link_calls_a-el.o");

    @Test
    void readCopiesSoTheCallerMayReuseItsArray() throws Exception {
        byte[] bytes = ElfFixtures.bytes(OBJ).clone();
        byte[] pristine = bytes.clone();
        ElfObject obj = ElfReader.read(bytes, OBJ.toString());
        Arrays.fill(bytes, (byte) 0x5a);
        assertThat(ElfWriter.write(obj)).isEqualTo(pristine);
    }

    @Test
    void adoptingSharesTheArrayInsteadOfCopyingSections() throws Exception {
        byte[] bytes = ElfFixtures.bytes(OBJ).clone();
        ElfObject obj = ElfReader.readAdopting(bytes, OBJ.toString(), name -> false);
        Section text = obj.sections().stream()
                .filter(s -> s.content() instanceof SectionContent.Bytes && s.size() > 0)
                .findFirst().orElseThrow();
        int at = (int) text.fileOffset();
        byte before = text.bytes().get(0);
        // Breaking the promise (changing an adopted array) shows through: proof of no copy.
        bytes[at] = (byte) ~before;
        assertThat(text.bytes().get(0)).isEqualTo((byte) ~before);
    }
}
