package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Whatever the ELF reader accepts, the printer prints without throwing: fixtures with random
 * bytes flipped inside one section's contents (code, symbols, relocations, BTF, strings), fixed
 * seed. (Run against llvm-objdump-19 by hand, such mutants print identically except for names
 * that are not valid UTF-8, which the reader has already replaced.)
 */
class ObjdumpRobustnessTest {
    private static final int MUTANTS = 250;
    private static final String[][] FLAG_SETS = {
        {"-d", "-r"}, {"-d", "--no-show-raw-insn"}, {"-h"}, {"-t"}, {"-r"}};

    @Test
    void mutatedObjectsPrintWithoutExceptions() throws IOException {
        Random r = new Random(0xeb1d);
        List<byte[]> sources = new ArrayList<>();
        for (Path p : Fixtures.objects()) {
            byte[] b = Files.readAllBytes(p);
            if (b.length < 200_000) {
                sources.add(b);
            }
        }
        int printed = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] bytes = sources.get(r.nextInt(sources.size())).clone();
            mutateOneSection(bytes, r);
            ElfObject obj;
            try {
                obj = ElfReader.read(bytes, "mutant-" + i + ".o");
            } catch (ElfFormatException e) {
                continue;
            }
            for (String[] flags : FLAG_SETS) {
                assertThatCode(() -> ObjdumpPrinter.print(obj, ObjdumpOptions.parse(flags)))
                        .as("mutant %d %s", i, String.join(" ", flags)).doesNotThrowAnyException();
            }
            printed++;
        }
        assertThat(printed).as("mutants the reader accepted").isGreaterThan(MUTANTS / 3);
    }

    private static void mutateOneSection(byte[] bytes, Random r) {
        ElfObject obj;
        try {
            obj = ElfReader.read(bytes, "source");
        } catch (ElfFormatException e) {
            throw new AssertionError(e);
        }
        List<Section> withBytes = new ArrayList<>();
        for (Section s : obj.sections()) {
            if (s.index() > 0 && s.type() != SectionType.SHT_NOBITS && s.size() > 0) {
                withBytes.add(s);
            }
        }
        Section s = withBytes.get(r.nextInt(withBytes.size()));
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
            int pos = (int) (s.fileOffset() + r.nextInt((int) s.size()));
            bytes[pos] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) (bytes[pos] ^ 1 << r.nextInt(8));
        }
    }
}
