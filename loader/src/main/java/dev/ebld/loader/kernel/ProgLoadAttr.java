package dev.ebld.loader.kernel;

import dev.ebld.insn.Insn;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code BPF_PROG_LOAD}'s attributes. The instructions are as the kernel receives them: map
 * references already turned into fds ({@code ld_imm64} with {@code BPF_PSEUDO_MAP_FD} or
 * {@code BPF_PSEUDO_MAP_VALUE}), every reached subprogram appended, calls patched.
 *
 * @param attachProg for an extension (freplace) or tracing program, the program it attaches to
 * @param attachBtfId the function in the attach target's BTF (or the kernel's) it attaches to
 * @param fdArray fds that instructions index through {@code off} (kfunc module BTFs, and ebld's
 *     dynamic calls into loaded programs, see docs/design.md)
 */
public record ProgLoadAttr(ProgType type, Optional<AttachType> expectedAttachType, String name,
        List<Insn> insns, String license, Optional<BtfFd> btf, List<FuncInfo> funcInfo,
        List<LineInfo> lineInfo, LogOptions log, Optional<ProgFd> attachProg,
        Optional<BtfId> attachBtfId, List<Fd> fdArray, int flags) {

    /** {@code BPF_F_SLEEPABLE}. */
    public static final int F_SLEEPABLE = 1 << 4;
    /** {@code BPF_F_XDP_HAS_FRAGS}: an {@code xdp.frags} program. */
    public static final int F_XDP_HAS_FRAGS = 1 << 5;

    public ProgLoadAttr {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expectedAttachType, "expectedAttachType");
        Objects.requireNonNull(name, "name");
        insns = List.copyOf(insns);
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(btf, "btf");
        funcInfo = List.copyOf(funcInfo);
        lineInfo = List.copyOf(lineInfo);
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(attachProg, "attachProg");
        Objects.requireNonNull(attachBtfId, "attachBtfId");
        fdArray = List.copyOf(fdArray);
    }

    /** A program with no BTF, no attach target and no log: enough for hand-written tests. */
    public static ProgLoadAttr of(ProgType type, String name, List<Insn> insns) {
        return new ProgLoadAttr(type, Optional.empty(), name, insns, "GPL", Optional.empty(),
                List.of(), List.of(), LogOptions.NONE, Optional.empty(), Optional.empty(),
                List.of(), 0);
    }
}
