package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.insn.InsnList;
import dev.ebld.insn.Reference;
import dev.ebld.loader.BpfFunction;
import dev.ebld.loader.ExtRecords;
import dev.ebld.loader.kernel.Errno;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends to a program every subprogram it reaches, once, in the order of libbpf's
 * {@code bpf_object__reloc_code}: scan the code in instruction order; the first reference to a
 * subprogram not yet in this program appends it at the end and scans it at once (depth first),
 * before the scan of the caller goes on. Each appended function brings its func_info and
 * line_info, shifted by the slot it lands on ({@code bpf_object__append_subprog_code}).
 *
 * <p>After this stage the program is self-contained: every {@link Reference.Subprog} names a
 * label inside it, so {@link InsnList#resolve} can compute every call distance.
 */
public final class ProgramLinker {

    /** A function placed at {@code slot} of the linked program. */
    public record Placed(int slot, BpfFunction function) {
    }

    /** The linked program: code, BTF.ext records in program slots, and where each function landed. */
    public record Linked(InsnList code, List<ExtRecords.Func> funcInfo, List<ExtRecords.Line> lineInfo,
            List<Placed> layout) {
    }

    private final ObjectContext ctx;
    private final Map<String, BpfFunction> subprograms;

    public ProgramLinker(ObjectContext ctx, Map<String, BpfFunction> subprograms) {
        this.ctx = ctx;
        this.subprograms = subprograms;
    }

    public Linked link(BpfFunction entry) {
        State st = new State();
        st.append(entry);
        st.scan(entry);
        return new Linked(st.code, st.funcs, st.lines, st.layout);
    }

    private final class State {
        InsnList code = InsnList.of(List.of());
        final List<ExtRecords.Func> funcs = new ArrayList<>();
        final List<ExtRecords.Line> lines = new ArrayList<>();
        final List<Placed> layout = new ArrayList<>();
        final Set<String> placed = new HashSet<>();

        void append(BpfFunction f) {
            int base = code.slotCount();
            placed.add(f.name());
            layout.add(new Placed(base, f));
            code = code.append(f.code());
            f.funcInfo().forEach(r -> funcs.add(r.at(r.slot() + base)));
            f.lineInfo().forEach(r -> lines.add(r.at(r.slot() + base)));
        }

        void scan(BpfFunction f) {
            for (int i = 0; i < f.code().size(); i++) {
                Reference ref = f.code().reference(i).orElse(null);
                if (ref == null || ref.kind() != Reference.Kind.SUBPROG || placed.contains(ref.name())) {
                    continue;
                }
                BpfFunction sub = subprograms.get(ref.name());
                if (sub == null) {
                    throw ctx.error(LoaderDiagnosticKind.BAD_CALL, f.section(), f.sectionOffset() + 8L * f.code().slotOffset(i),
                            ref.name(), Errno.ESRCH, "call to unknown subprogram '" + ref.name() + "'");
                }
                append(sub);
                scan(sub);
            }
        }
    }
}
