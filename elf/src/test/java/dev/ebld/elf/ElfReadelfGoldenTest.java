package dev.ebld.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the reader's model with the committed {@code llvm-readelf-19 -S -s -r} output of every
 * fixture: each section header, each symbol and each relocation, field by field.
 */
class ElfReadelfGoldenTest {
    private static final Pattern SECTION = Pattern.compile(
            "^\\s*\\[\\s*(\\d+)] (.*?)\\s+(\\S+)\\s+([0-9a-f]{16}) ([0-9a-f]+) ([0-9a-f]+) (.*)$");
    private static final Pattern SYMTAB_HEADER =
            Pattern.compile("^Symbol table '(.*)' contains (\\d+) entries:$");
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*(\\d+): ([0-9a-f]{16})\\s+(\\S+) (\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+) ?(.*)$");
    private static final Pattern REL_HEADER = Pattern.compile(
            "^Relocation section '(.*)' at offset 0x([0-9a-f]+) contains (\\d+) entries:$");
    private static final Pattern RELOCATION =
            Pattern.compile("^([0-9a-f]{16})  ([0-9a-f]{16}) (\\S+)\\s*(.*)$");

    static List<Path> fixtures() {
        return ElfFixtures.objects();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesReadelf(Path obj) throws IOException {
        String base = obj.getFileName().toString().replaceFirst("\\.o$", ".txt");
        Path golden = ElfFixtures.root().resolve("golden/readelf").resolve(base);
        assertThat(golden).as("golden for " + obj).exists();
        ElfObject elf = ElfFixtures.read(obj);
        List<String> lines = Files.readAllLines(golden);
        assertThat(checkSections(elf, lines)).isEqualTo(elf.sections().size());
        checkSymbols(elf, lines);
        assertThat(checkRelocations(elf, lines))
                .isEqualTo(elf.sections().stream()
                        .filter(s -> s.content() instanceof SectionContent.Relocations).count());
    }

    private static int checkSections(ElfObject elf, List<String> lines) {
        int seen = 0;
        for (String line : lines) {
            Matcher m = SECTION.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Section s = elf.section(Integer.parseInt(m.group(1)));
            String[] rest = m.group(7).trim().split("\\s+");
            String what = s.label();
            assertThat(s.name()).as(what).isEqualTo(m.group(2));
            assertThat(SectionType.name(s.type())).as(what).isEqualTo(m.group(3));
            assertThat(s.addr()).as(what).isEqualTo(Long.parseLong(m.group(4), 16));
            assertThat(s.fileOffset()).as(what).isEqualTo(Long.parseLong(m.group(5), 16));
            assertThat(s.size()).as(what).isEqualTo(Long.parseLong(m.group(6), 16));
            assertThat(s.entsize()).as(what).isEqualTo(Long.parseLong(rest[0], 16));
            int n = rest.length;
            assertThat(s.link()).as(what).isEqualTo(Integer.parseInt(rest[n - 3]));
            assertThat(s.info()).as(what).isEqualTo(Integer.parseInt(rest[n - 2]));
            assertThat(s.addralign()).as(what).isEqualTo(Long.parseLong(rest[n - 1]));
            seen++;
        }
        return seen;
    }

    private static void checkSymbols(ElfObject elf, List<String> lines) {
        List<ElfSymbol> symbols = elf.symbols();
        int seen = 0;
        for (String line : lines) {
            Matcher h = SYMTAB_HEADER.matcher(line);
            if (h.matches()) {
                assertThat(symbols).hasSize(Integer.parseInt(h.group(2)));
            }
            Matcher m = SYMBOL.matcher(line);
            if (!m.matches()) {
                continue;
            }
            ElfSymbol sym = symbols.get(Integer.parseInt(m.group(1)));
            String what = "symbol " + m.group(1) + " " + sym.name();
            assertThat(sym.value()).as(what).isEqualTo(Long.parseUnsignedLong(m.group(2), 16));
            assertThat(Long.toString(sym.size())).as(what).isEqualTo(m.group(3));
            assertThat(ElfSymbol.typeName(sym.type())).as(what).isEqualTo(m.group(4));
            assertThat(ElfSymbol.bindName(sym.bind())).as(what).isEqualTo(m.group(5));
            assertThat(ElfSymbol.visibilityName(sym.visibility())).as(what).isEqualTo(m.group(6));
            assertThat(ndx(sym)).as(what).isEqualTo(m.group(7));
            // readelf shows a section symbol by its section's name.
            String name = sym.type() == ElfSymbol.STT_SECTION
                    ? elf.section(sym.shndx()).name() : sym.name();
            assertThat(name).as(what).isEqualTo(m.group(8));
            seen++;
        }
        assertThat(seen).isEqualTo(symbols.size());
    }

    private static String ndx(ElfSymbol sym) {
        switch (sym.shndx()) {
            case ElfSymbol.SHN_UNDEF:
                return "UND";
            case ElfSymbol.SHN_ABS:
                return "ABS";
            case ElfSymbol.SHN_COMMON:
                return "COM";
            default:
                return Integer.toString(sym.shndx());
        }
    }

    private static int checkRelocations(ElfObject elf, List<String> lines) {
        int sections = 0;
        List<Relocation> current = new ArrayList<>();
        int next = 0;
        for (String line : lines) {
            Matcher h = REL_HEADER.matcher(line);
            if (h.matches()) {
                Section s = elf.section(h.group(1)).orElseThrow();
                assertThat(s.fileOffset()).isEqualTo(Long.parseLong(h.group(2), 16));
                current = ((SectionContent.Relocations) s.content()).relocations();
                assertThat(current).as(s.label()).hasSize(Integer.parseInt(h.group(3)));
                next = 0;
                sections++;
                continue;
            }
            Matcher m = RELOCATION.matcher(line);
            if (m.matches()) {
                Relocation r = current.get(next++);
                long info = ((long) r.symbolIndex() << 32) | Integer.toUnsignedLong(r.type());
                assertThat(r.offset()).isEqualTo(Long.parseUnsignedLong(m.group(1), 16));
                assertThat(info).isEqualTo(Long.parseUnsignedLong(m.group(2), 16));
                assertThat(r.typeName()).isEqualTo(m.group(3));
            }
        }
        return sections;
    }
}
