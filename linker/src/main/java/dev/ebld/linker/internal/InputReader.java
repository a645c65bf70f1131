package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfExtReader;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;

import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;
import dev.ebld.linker.LinkDiagnosticKind;
import dev.ebld.linker.LinkInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 1, reading inputs. Objects are parsed; archives are opened and their members pulled
 * the way {@code ld} does it: a member joins the link only if it defines a global symbol that is
 * still undefined, and pulling repeats over all archives until nothing changes (a pulled member
 * may reference symbols that another member defines). {@code --whole-archive} pulls every member.
 * A member that never joins never causes an error, even if it is not a valid object.
 *
 * <p>After this stage: every file in {@link InputSet#files()} parsed, every section has a role,
 * and the link order is fixed (pulled members take their archive's place, in member order).
 * A plain object's DWARF and its relocation tables were never read
 * ({@link ElfReader#readSelected}): their content is {@code SectionContent.Unread}, so later
 * stages must not ask for the bytes of a {@code DROPPED} section.
 */
public final class InputReader {
    private final Diagnostics diags = new Diagnostics();

    /** One command-line slot: an object, or an archive with its candidate members. */
    private static final class Slot {
        final List<Candidate> members = new ArrayList<>();
        final List<Diagnostic> diags = new ArrayList<>();
    }

    /**
     * An object or archive member, parsed. The globals it defines and references are collected
     * only when archive pulling needs them: a link of plain objects never hashes those names.
     */
    private static final class Candidate {
        final String name;
        final ElfObject elf;
        private Set<String> defines;
        private Set<String> references;
        boolean pulled;
        /**
         * Its section roles and BTF, decoded in the task that parsed it when it was pulled from
         * the start (every plain object): one parallel pass over the inputs instead of two.
         */
        Prepared prepared;

        Candidate(String name, ElfObject elf, boolean pulled) {
            this.name = name;
            this.elf = elf;
            this.pulled = pulled;
        }

        Set<String> defines() {
            collectNames();
            return defines;
        }

        Set<String> references() {
            collectNames();
            return references;
        }

        private void collectNames() {
            if (defines != null) {
                return;
            }
            defines = new HashSet<>();
            references = new HashSet<>();
            for (ElfSymbol s : elf.symbols()) {
                if (s.isLocal() || s.name().isEmpty()) {
                    continue;
                }
                (s.isUndefined() ? references : defines).add(s.name());
            }
        }
    }

    public record Result(InputSet inputs, Diagnostics diagnostics) {
    }

    /** What {@link InputFile} needs beyond the ELF model; {@code diags} go to the file's sink. */
    private record Prepared(List<SectionRole> roles, Optional<Btf> btf, Optional<BtfExt> ext, BtfIndex index,
                            List<Diagnostic> diags) {
    }

    public static Result read(List<LinkInput> inputs) {
        InputReader r = new InputReader();
        // Parsing is independent per input, so it runs in parallel; results and diagnostics are
        // gathered in link order, which keeps everything after this deterministic.
        List<Slot> slots = Parallel.map(inputs.size(), 2, i -> readSlot(inputs.get(i)));
        for (Slot s : slots) {
            r.diags.addAll(s.diags);
        }
        r.pullMembers(slots);
        return new Result(r.flatten(slots), r.diags);
    }

    private static Slot readSlot(LinkInput in) {
        Slot slot = new Slot();
        String name = in.path().toString();
        byte[] bytes;
        try {
            if (isElfFile(in.path())) {
                // A plain object: read only what the link keeps. DWARF, most of a -g object, is
                // dropped, so it is never read.
                parseSelected(in.path(), name, slot.diags).ifPresent(c -> {
                    c.prepared = prepare(c);
                    slot.members.add(c);
                });
                return slot;
            }
            bytes = Decompressor.decompress(Files.readAllBytes(in.path()));
        } catch (java.nio.file.NoSuchFileException e) {
            slot.diags.add(Diagnostic.error(LinkDiagnosticKind.UNREADABLE_INPUT, Location.file(name), "cannot read input: no such file"));
            return slot;
        } catch (IOException e) {
            slot.diags.add(Diagnostic.error(LinkDiagnosticKind.UNREADABLE_INPUT, Location.file(name), "cannot read input: " + e.getMessage()));
            return slot;
        }
        if (!ArchiveReader.isArchive(bytes)) {
            parse(bytes, name, slot.diags).ifPresent(slot.members::add);
            return slot;
        }
        try {
            for (ArchiveReader.Member m : ArchiveReader.members(bytes)) {
                String mname = name + "(" + m.name() + ")";
                // Members are parsed quietly unless --whole-archive forces them in: a member that
                // is never pulled must not cause errors.
                parse(m.data(), mname, in.wholeArchive() ? slot.diags : new ArrayList<>()).ifPresent(c -> {
                    c.pulled = in.wholeArchive();
                    slot.members.add(c);
                });
            }
        } catch (IOException e) {
            slot.diags.add(Diagnostic.error(LinkDiagnosticKind.BAD_ARCHIVE, Location.file(name), "cannot read archive: " + e.getMessage()));
        }
        return slot;
    }

    /** Whether {@code path} is a regular file that starts with the ELF magic. */
    private static boolean isElfFile(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream s = Files.newInputStream(path)) {
            return BtfFiles.isElf(s.readNBytes(4));
        }
    }

    private static Optional<Candidate> parseSelected(Path path, String name, List<Diagnostic> sink)
            throws IOException {
        try {
            return Optional.of(new Candidate(name, ElfReader.readSelected(path, SectionRoles::relocationsUnused,
                    SectionRoles::isDebug), true));
        } catch (ElfFormatException e) {
            sink.add(e.toDiagnostic());
            return Optional.empty();
        }
    }

    /** Parses one object; problems go to {@code sink} (a throwaway list for quiet parsing). */
    private static Optional<Candidate> parse(byte[] bytes, String name, List<Diagnostic> sink) {
        try {
            // DWARF is dropped and BTF rebuilt, so their relocation tables (most of a -g object's
            // relocations) stay bytes.
            // The buffer is this reader's own (read from the file, decompressed or cut from an
            // archive) and dropped after parsing, so the model may keep views of it.
            return Optional.of(new Candidate(name, ElfReader.readAdopting(bytes, name, SectionRoles::relocationsUnused), true));
        } catch (ElfFormatException e) {
            sink.add(e.toDiagnostic());
            return Optional.empty();
        }
    }

    /** Pulls archive members that define a still-undefined symbol, to a fixed point. */
    private void pullMembers(List<Slot> slots) {
        if (allPulled(slots)) {
            return;
        }
        Set<String> defined = new HashSet<>();
        Set<String> referenced = new HashSet<>();
        for (Slot s : slots) {
            for (Candidate c : s.members) {
                if (c.pulled) {
                    defined.addAll(c.defines());
                    referenced.addAll(c.references());
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Slot s : slots) {
                for (Candidate c : s.members) {
                    if (!c.pulled && definesUndefined(c, defined, referenced)) {
                        c.pulled = true;
                        defined.addAll(c.defines());
                        referenced.addAll(c.references());
                        changed = true;
                    }
                }
            }
        }
    }

    private static boolean allPulled(List<Slot> slots) {
        for (Slot s : slots) {
            for (Candidate c : s.members) {
                if (!c.pulled) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean definesUndefined(Candidate c, Set<String> defined, Set<String> referenced) {
        for (String d : c.defines()) {
            if (referenced.contains(d) && !defined.contains(d)) {
                return true;
            }
        }
        return false;
    }

    private InputSet flatten(List<Slot> slots) {
        List<Candidate> pulled = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Slot s : slots) {
            for (Candidate c : s.members) {
                if (c.pulled) {
                    pulled.add(c);
                } else {
                    skipped.add(c.name);
                }
            }
        }
        List<List<Diagnostic>> sinks = new ArrayList<>();
        for (int i = 0; i < pulled.size(); i++) {
            sinks.add(new ArrayList<>());
        }
        List<InputFile> files = Parallel.map(pulled.size(), anyUnprepared(pulled) ? 2 : Integer.MAX_VALUE,
                i -> toInputFile(i, pulled.get(i), sinks.get(i)));
        sinks.forEach(diags::addAll);
        checkByteOrder(files);
        return new InputSet(files, skipped);
    }

    private static boolean anyUnprepared(List<Candidate> pulled) {
        for (Candidate c : pulled) {
            if (c.prepared == null) {
                return true;
            }
        }
        return false;
    }

    /** Input {@code order}; its problems go to {@code sink}, in the order they were found. */
    private static InputFile toInputFile(int order, Candidate c, List<Diagnostic> sink) {
        Prepared p = c.prepared != null ? c.prepared : prepare(c);
        sink.addAll(p.diags());
        return new InputFile(order, c.name, c.elf, p.roles(), p.btf(), p.ext(), c.elf.symbols(), p.index());
    }

    private static Prepared prepare(Candidate c) {
        List<Diagnostic> sink = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<SectionRole> roles = SectionRoles.classify(c.elf, errors);
        for (String e : errors) {
            sink.add(Diagnostic.error(LinkDiagnosticKind.UNSUPPORTED_SECTION, Location.file(c.name), e));
        }
        Optional<Btf> btf = Optional.empty();
        Optional<Section> extSection = Optional.empty();
        for (Section s : c.elf.sections()) {
            if (roles.get(s.index()) == SectionRole.BTF) {
                btf = readBtf(c.name, s, sink);
            } else if (roles.get(s.index()) == SectionRole.BTF_EXT) {
                extSection = Optional.of(s);
            }
        }
        Optional<BtfExt> ext = btf.isPresent() && extSection.isPresent()
                ? readBtfExt(c.name, extSection.get(), btf.get(), sink) : Optional.empty();
        BtfIndex index = btf.map(BtfIndex::of).orElse(BtfIndex.EMPTY);
        return new Prepared(roles, btf, ext, index, sink);
    }

    private static Optional<Btf> readBtf(String file, Section s, List<Diagnostic> sink) {
        try {
            return Optional.of(BtfReader.read(s.data()));
        } catch (BtfFormatException e) {
            sink.add(btfFormat(file, e));
            return Optional.empty();
        }
    }

    private static Optional<BtfExt> readBtfExt(String file, Section s, Btf btf, List<Diagnostic> sink) {
        try {
            return Optional.of(BtfExtReader.read(s.data(), btf));
        } catch (BtfFormatException e) {
            sink.add(btfFormat(file, e));
            return Optional.empty();
        }
    }

    /** The section and offset come from the exception, so a .BTF.ext problem is never put in .BTF. */
    private static Diagnostic btfFormat(String file, BtfFormatException e) {
        return Diagnostic.error(LinkDiagnosticKind.BTF_FORMAT,
                Location.at(file, e.section().sectionName(), e.offset()), e.detail());
    }

    private void checkByteOrder(List<InputFile> files) {
        if (files.isEmpty()) {
            return;
        }
        InputFile first = files.get(0);
        for (InputFile f : files) {
            if (!f.elf().header().byteOrder().equals(first.elf().header().byteOrder())) {
                diags.add(Diagnostic.error(LinkDiagnosticKind.BYTE_ORDER_MISMATCH, Location.file(f.name()),
                        "byte order " + f.elf().header().byteOrder() + " differs from "
                                + first.elf().header().byteOrder() + " of " + first.name()));
            }
        }
    }
}
