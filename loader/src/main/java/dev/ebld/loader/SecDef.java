package dev.ebld.loader;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.ProgType;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of libbpf's {@code section_defs}: a SEC() pattern and what a program in a matching
 * section is. {@code pattern} follows libbpf's {@code sec_def_matches}: {@code "xdp"} matches
 * exactly, {@code "kprobe+"} matches {@code kprobe} or {@code kprobe/anything}, and a pattern
 * ending in {@code '/'} needs something after it.
 *
 * @param expectedAttachType the load's expected attach type, empty where libbpf passes 0
 * @param sleepable the row's {@code SEC_SLEEPABLE}: the load sets {@code BPF_F_SLEEPABLE}
 * @param xdpFrags the row's {@code SEC_XDP_FRAGS}: the load sets {@code BPF_F_XDP_HAS_FRAGS}
 * @param attachBtf the row's {@code SEC_ATTACH_BTF}: the part after '/' names a BTF function
 */
public record SecDef(String pattern, ProgType type, Optional<AttachType> expectedAttachType,
        boolean sleepable, boolean xdpFrags, boolean attachBtf) {

    public SecDef {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expectedAttachType, "expectedAttachType");
    }

    /** Whether a section called {@code section} (without a leading '?') is of this row. */
    public boolean matches(String section) {
        int len = pattern.length();
        char last = pattern.charAt(len - 1);
        if (last == '/') {
            return section.startsWith(pattern);
        }
        if (last == '+') {
            String stem = pattern.substring(0, len - 1);
            return section.equals(stem) || section.startsWith(stem + "/");
        }
        return section.equals(pattern);
    }

    /** The load flags the row implies ({@code BPF_F_SLEEPABLE}, {@code BPF_F_XDP_HAS_FRAGS}). */
    public int progFlags() {
        return (sleepable ? dev.ebld.loader.kernel.ProgLoadAttr.F_SLEEPABLE : 0)
                | (xdpFrags ? dev.ebld.loader.kernel.ProgLoadAttr.F_XDP_HAS_FRAGS : 0);
    }
}
