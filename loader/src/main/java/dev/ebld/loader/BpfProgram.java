package dev.ebld.loader;

import dev.ebld.insn.InsnList;
import java.util.List;
import java.util.Objects;

/**
 * One program as the object holds it ({@code struct bpf_program} after open): its entry symbol,
 * the section it lives in and what that section says about it ({@link SecDef}), and its own
 * instructions with symbolic references (maps, data, subprograms, externs) still unresolved.
 * Subprograms are appended only at load, per program.
 *
 * @param sectionOffset the byte offset of the program's first instruction in its section
 * @param funcInfo func_info records of this program's own code, insn offsets in slots from its start
 * @param lineInfo line_info records, likewise
 * @param coreRelos CO-RE relocations of its own code, likewise
 */
public record BpfProgram(String name, String section, long sectionOffset, SecDef def,
        boolean autoload, InsnList code, List<ExtRecords.Func> funcInfo,
        List<ExtRecords.Line> lineInfo, List<ExtRecords.Core> coreRelos) {

    public BpfProgram {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(def, "def");
        Objects.requireNonNull(code, "code");
        funcInfo = List.copyOf(funcInfo);
        lineInfo = List.copyOf(lineInfo);
        coreRelos = List.copyOf(coreRelos);
    }
}
