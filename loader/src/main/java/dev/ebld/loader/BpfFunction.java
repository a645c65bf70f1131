package dev.ebld.loader;

import dev.ebld.insn.InsnList;
import java.util.List;
import java.util.Objects;

/**
 * One function's code as the object holds it: a program's entry or a {@code .text} subprogram,
 * with its instructions (labelled with its name at index 0, symbolic references unresolved) and
 * its {@code .BTF.ext} records re-based on its own first slot.
 *
 * @param sectionOffset byte offset of the first instruction in {@code section}
 */
public record BpfFunction(String name, String section, long sectionOffset, InsnList code,
        List<ExtRecords.Func> funcInfo, List<ExtRecords.Line> lineInfo,
        List<ExtRecords.Core> coreRelos) {

    public BpfFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(code, "code");
        funcInfo = List.copyOf(funcInfo);
        lineInfo = List.copyOf(lineInfo);
        coreRelos = List.copyOf(coreRelos);
    }

    /** The same function with other code (after CO-RE or extern patching); records stay. */
    public BpfFunction withCode(InsnList newCode) {
        return new BpfFunction(name, section, sectionOffset, newCode, funcInfo, lineInfo, coreRelos);
    }
}
