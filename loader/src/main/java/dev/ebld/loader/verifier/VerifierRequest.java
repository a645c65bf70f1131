package dev.ebld.loader.verifier;

import dev.ebld.btf.Btf;
import dev.ebld.insn.Insn;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.LineInfo;
import dev.ebld.loader.kernel.ProgType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a verifier may look at: the program as {@code BPF_PROG_LOAD} received it (map
 * references are fds), its BTF and func/line info, the load's options, and the kernel around it
 * ({@link VerifierEnv}: maps by fd, the kernel's BTF, loaded programs for dynamic linking).
 *
 * @param privileged whether the loader holds CAP_BPF/CAP_PERFMON (root): the kernel relaxes
 *     uninitialised stack reads and pointer leaks for it
 */
public record VerifierRequest(ProgType type, Optional<AttachType> expectedAttachType,
        String progName, List<Insn> insns, Optional<Btf> progBtf, List<FuncInfo> funcInfo,
        List<LineInfo> lineInfo, int logLevel, boolean privileged, VerifierEnv env) {

    public VerifierRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expectedAttachType, "expectedAttachType");
        Objects.requireNonNull(progName, "progName");
        insns = List.copyOf(insns);
        Objects.requireNonNull(progBtf, "progBtf");
        funcInfo = List.copyOf(funcInfo);
        lineInfo = List.copyOf(lineInfo);
        Objects.requireNonNull(env, "env");
    }
}
