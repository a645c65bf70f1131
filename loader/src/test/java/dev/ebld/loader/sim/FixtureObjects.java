package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfWriter;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;
import dev.ebld.loader.AttachTarget;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.ProgFd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The freplace tests' one-program fixture objects (the rootlet and its extensions), loaded the
 * way users load them: {@link BpfObject#open} then {@link BpfObject#load}, an extension with
 * {@link LoadOptions#withAttachTarget} naming its target program and function.
 */
final class FixtureObjects {
    private FixtureObjects() {
    }

    static Path fixture(String name) {
        Path p = Path.of("fixtures/obj", name);
        return p.toFile().exists() ? p : Path.of("..", "fixtures/obj", name);
    }

    /** Loads {@code object}; an extension also names the loaded program and function it replaces. */
    static LoadedObject load(Kernel kernel, Path object, Optional<AttachTarget> target) throws Exception {
        return load(kernel, BpfObject.open(object), target);
    }

    /**
     * {@link #load} of a copy of the object whose {@code .BTF} section is {@code editBtf} of its
     * own (type ids and the string table must stay where they are, since {@code .BTF.ext} and
     * the code refer to them).
     */
    static LoadedObject load(Kernel kernel, Path object, Optional<AttachTarget> target,
            UnaryOperator<Btf> editBtf) throws Exception {
        ElfObject elf = ElfReader.read(object);
        List<Section> sections = new ArrayList<>();
        for (Section s : elf.sections()) {
            sections.add(!s.name().equals(BtfFiles.BTF_SECTION) ? s : s.withContent(new SectionContent.Bytes(
                    BtfWriter.write(editBtf.apply(BtfFiles.fromElf(elf, null))))));
        }
        ElfObject edited = new ElfObject(elf.file(), elf.header(), sections, elf.shstrndx(), 0).layOut();
        return load(kernel, BpfObject.open(object.getFileName().toString(), ElfWriter.write(edited)), target);
    }

    private static LoadedObject load(Kernel kernel, BpfObject o, Optional<AttachTarget> target) {
        LoadOptions options = LoadOptions.defaults();
        if (target.isPresent()) {
            options = options.withAttachTarget(o.programs().get(0).name(), target.get());
        }
        return o.load(kernel, options);
    }

    /** The object's one program. */
    static ProgFd prog(LoadedObject o) {
        return o.program(o.object().programs().get(0).name()).fd();
    }

    /** The object's BTF, as the loader loaded it. */
    static Btf btf(LoadedObject o) {
        return o.object().btf().orElseThrow();
    }
}
