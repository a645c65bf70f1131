package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.loader.interp.ProgramImage;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.verifier.VerifierEnv;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The dynamic calls of one {@code BPF_PROG_LOAD} (ebld's {@code BPF_PSEUDO_EBLD_CALL}, see
 * docs/design.md "Dynamic calls"), resolved the way the kernel resolves map fds: each call's
 * {@code off} indexes the load's fd array, which must hold a loaded program fd; its {@code imm}
 * must be the BTF id of a function that program's func_info places. After {@link #resolve},
 * every dynamic call has a callee program and an entry slot in that program's image.
 */
final class DynamicCalls {
    private final SimProcess proc;
    private final ProgLoadAttr attr;
    private final LinkedHashSet<SimProg> callees = new LinkedHashSet<>();

    private DynamicCalls(SimProcess proc, ProgLoadAttr attr) {
        this.proc = proc;
        this.attr = attr;
    }

    /** Checks every dynamic call of the load; a bad fd or function id refuses it. */
    static DynamicCalls resolve(SimProcess proc, ProgLoadAttr attr) {
        DynamicCalls d = new DynamicCalls(proc, attr);
        int slot = 0;
        for (Insn insn : attr.insns()) {
            if (insn instanceof Jump.Call c && c.target() == CallKind.DYNAMIC) {
                SimProg callee = d.program(c.off(), slot);
                if (callee.linkage.export(c.imm()).isEmpty()) {
                    throw error(attr, slot, "program " + callee.name + " has no function with BTF id "
                            + c.imm());
                }
                d.callees.add(callee);
            }
            slot += insn.width();
        }
        return d;
    }

    /** The distinct programs the load calls, in first-call order. */
    List<SimProg> callees() {
        return new ArrayList<>(callees);
    }

    /** What the verifier sees of a callee: its BTF and the function's linkage. */
    Optional<VerifierEnv.Callee> callee(int fdIndex, int btfId) {
        SimProg p;
        try {
            p = program(fdIndex, -1);
        } catch (KernelException e) {
            return Optional.empty();
        }
        Optional<Btf> btf = p.btf.map(b -> b.btf);
        return p.linkage.export(btfId).flatMap(e -> btf.map(b -> new VerifierEnv.Callee(e.name(), b,
                btfId, e.global())));
    }

    /** Where the call at {@code slot} enters: the callee's image and its function's slot. */
    ProgramImage.CallTarget target(Jump.Call c, int slot) {
        SimProg p = program(c.off(), slot);
        return new ProgramImage.CallTarget(p.image, p.linkage.export(c.imm()).orElseThrow().slot());
    }

    private SimProg program(int fdIndex, int slot) {
        if (fdIndex < 0 || fdIndex >= attr.fdArray().size()) {
            throw error(attr, slot, "fd_array index " + fdIndex + " out of range");
        }
        int fd = attr.fdArray().get(fdIndex).value();
        KernelObject o = ProgLoader.objectAt(proc, attr, fd, slot);
        if (!(o instanceof SimProg p)) {
            throw error(attr, slot, "fd " + fd + " (fd_array[" + fdIndex + "]) is not a program");
        }
        return p;
    }

    private static ProgLoadException error(ProgLoadAttr attr, int slot, String why) {
        return new ProgLoadException(Errno.EINVAL, "program " + attr.name() + ": insn " + slot
                + ": dynamic call: " + why, why + "\n");
    }
}
