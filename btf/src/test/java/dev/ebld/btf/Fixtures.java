package dev.ebld.btf;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds fixture objects and the machine's kernel BTF for tests. */
public final class Fixtures {
    /** The machine's kernel BTF; tests reading it are {@code @RequiresKernelBtf}. */
    public static final Path VMLINUX = dev.ebld.testkit.Oracles.KERNEL_BTF;

    private Fixtures() {
    }

    /** The fixtures directory: system property {@code ebld.fixtures}, else found walking up. */
    public static Path root() {
        String prop = System.getProperty("ebld.fixtures");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop);
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("fixtures/obj"))) {
                return dir.resolve("fixtures");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("fixtures directory not found");
    }

    /** Every committed fixture object, both byte orders. */
    public static List<Path> objects() throws IOException {
        try (Stream<Path> s = Files.list(root().resolve("obj"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".o")).sorted().collect(Collectors.toList());
        }
    }

    /** Fixture objects that carry a .BTF section. */
    public static List<Path> objectsWithBtf() throws Exception {
        return objectsWith(List.of(".BTF"));
    }

    /**
     * Fixture objects that carry both .BTF and .BTF.ext, for tests of the latter: a parameter
     * source with only these cannot skip a fixture at run time.
     */
    public static List<Path> objectsWithBtfExt() throws Exception {
        return objectsWith(List.of(".BTF", ".BTF.ext"));
    }

    private static List<Path> objectsWith(List<String> sections) throws Exception {
        List<Path> out = new java.util.ArrayList<>();
        for (Path p : objects()) {
            ElfObject elf = ElfReader.read(p);
            if (sections.stream().allMatch(name -> elf.section(name).isPresent())) {
                out.add(p);
            }
        }
        return out;
    }

    public static Optional<byte[]> section(Path obj, String name) throws Exception {
        ElfObject elf = ElfReader.read(obj);
        return elf.section(name).map(Section::data);
    }

}
