package dev.ebld.linker.internal;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the {@link SectionRole} of every section of an object. Mirrors which sections libbpf's
 * linker keeps: PROGBITS and NOBITS are content; DWARF ({@code .debug_*}) and
 * {@code .llvm_addrsig} are dropped; {@code .BTF}/{@code .BTF.ext} go to the BTF stage;
 * relocation sections follow the section they apply to. Any other section type is an error,
 * returned as a message.
 */
final class SectionRoles {
    private SectionRoles() {
    }

    /** Roles indexed like the sections; an error message for an unsupported section. */
    static List<SectionRole> classify(ElfObject elf, List<String> errors) {
        List<SectionRole> roles = new ArrayList<>();
        for (Section s : elf.sections()) {
            roles.add(ownRole(s).orElseGet(() -> {
                errors.add(s.label() + ": unsupported section type " + SectionType.name(s.type()));
                return SectionRole.DROPPED;
            }));
        }
        // Relocation sections take their role from their target, now that every target has one.
        for (Section s : elf.sections()) {
            if (roles.get(s.index()) == SectionRole.REL) {
                int target = s.info();
                boolean live = target > 0 && target < roles.size()
                        && roles.get(target) == SectionRole.CONTENT;
                roles.set(s.index(), live ? SectionRole.REL : SectionRole.DROPPED);
            }
        }
        return roles;
    }

    private static Optional<SectionRole> ownRole(Section s) {
        String n = s.name();
        if (s.type() == SectionType.SHT_NULL) {
            return Optional.of(SectionRole.NULL);
        }
        if (isDebug(n) || s.type() == SectionType.SHT_LLVM_ADDRSIG || n.equals(".llvm_addrsig")) {
            return Optional.of(SectionRole.DROPPED);
        }
        switch (s.type()) {
            case SectionType.SHT_SYMTAB:
                return Optional.of(SectionRole.SYMTAB);
            case SectionType.SHT_STRTAB:
                return Optional.of(SectionRole.STRTAB);
            case SectionType.SHT_REL:
            case SectionType.SHT_RELA:
                return Optional.of(SectionRole.REL);
            case SectionType.SHT_PROGBITS:
                if (n.equals(".BTF")) {
                    return Optional.of(SectionRole.BTF);
                }
                if (n.equals(".BTF.ext")) {
                    return Optional.of(SectionRole.BTF_EXT);
                }
                return Optional.of(SectionRole.CONTENT);
            case SectionType.SHT_NOBITS:
                return Optional.of(SectionRole.CONTENT);
            default:
                return Optional.empty();
        }
    }

    /**
     * True for sections whose relocation tables the linker never applies: DWARF (dropped) and
     * {@code .BTF}/{@code .BTF.ext} (rebuilt from the output layout; clang's relocations there
     * only serve non-BPF consumers). Their tables stay undecoded bytes: at 40 x 400 that is
     * about 80,000 BTF relocations besides the DWARF ones.
     */
    static boolean relocationsUnused(String targetName) {
        return isDebug(targetName) || targetName.equals(".BTF") || targetName.equals(".BTF.ext");
    }

    /** DWARF and its relocation tables: dropped by the link, so the reader need not read them. */
    static boolean isDebug(String name) {
        return name.startsWith(".debug_") || name.startsWith(".rel.debug_")
                || name.startsWith(".rela.debug_");
    }
}
