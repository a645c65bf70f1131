package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-written objects (resources {@code edge/edge*.s}, rebuilt by {@code edge/regen.sh}) that
 * clang never emits but llvm-objdump still lays out in its own way: aliases at one address, a
 * data object inside code, runs of zeros and relocations inside them, a section without a symbol
 * at its start, a symbol inside an {@code ld_imm64}, a tail shorter than a slot, branch targets
 * before and past the section, COMMON/ABS/weak/hidden/protected symbols, section-symbol
 * relocations, RELA addends and an unknown relocation type, truncated and unsorted CO-RE record
 * tables, {@code -r} on its own and all flags together.
 */
class ObjdumpEdgeCaseTest {
    private static final String[][] FLAG_SETS = {
        {"d", "-d"},
        {"dr", "-d", "-r"},
        {"dr-noraw", "-d", "-r", "--no-show-raw-insn"},
        {"h", "-h"},
        {"t", "-t"},
        {"r", "-r"},
        {"htdr", "-h", "-t", "-d", "-r"},
    };

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String obj : new String[] {"edge1-el", "edge1-eb", "edge2-el", "edge2-eb", "rela-el",
            "rela-eb", "corebig-el", "coresmall-el", "coreswap-el"}) {
            for (String[] set : FLAG_SETS) {
                out.add(Arguments.of(obj, set));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesLlvmObjdump(String object, String[] set) throws IOException, ElfFormatException {
        ElfObject obj = ElfReader.read(resource(object + ".o"), object + ".o");
        String[] flags = java.util.Arrays.copyOfRange(set, 1, set.length);
        String expected = new String(resource(object + "." + set[0] + ".txt"), StandardCharsets.UTF_8);
        assertThat(ObjdumpPrinter.print(obj, ObjdumpOptions.parse(flags))).isEqualTo(expected);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ObjdumpEdgeCaseTest.class.getResourceAsStream("edge/" + name)) {
            assertThat(in).as("resource edge/" + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
