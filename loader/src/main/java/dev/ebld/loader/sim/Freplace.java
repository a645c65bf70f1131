package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.compat.CompatResult;
import dev.ebld.btf.compat.FreplaceCompat;
import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks an extension ({@code freplace}) program passes against its target function, in the
 * order of the kernel's {@code bpf_check_attach_target} for {@code BPF_PROG_TYPE_EXT}, with its
 * log wording: the target is not itself an extension ("Cannot recursively attach"), the function
 * exists and is global ("Cannot replace static functions"), the prototypes match
 * ({@link FreplaceCompat}, the kernel's btf_check_type_match), and an extension that changes
 * packet data replaces only a function that does too. The same checks run at load and for every
 * further target a link names; the extension itself is verified once, at load.
 */
final class Freplace {
    /** Helpers for which the kernel's bpf_helper_changes_pkt_data is true. */
    private static final Set<Integer> CHANGES_PKT_DATA = Set.of(9, 10, 11, 13, 18, 19, 31, 32,
            38, 39, 43, 44, 50, 54, 63, 65, 73, 74, 75, 76, 90, 91);

    private Freplace() {
    }

    /** The function {@code fn} of {@code target}, if an extension may replace it. */
    static ExtTarget target(SimProg target, BtfId fn) {
        if (target.type == ProgType.EXT) {
            throw invalid("Cannot recursively attach");
        }
        Btf btf = target.btf.orElseThrow(() -> invalid("Target program " + target.name
                + " has no BTF: extensions attach only to programs annotated with BTF"))
                .btf;
        if (fn.value() <= 0 || fn.value() >= btf.typeCount()
                || !(btf.type(fn.value()) instanceof BtfType.Func)) {
            throw invalid("Target func_id " + fn.value() + " is not a function");
        }
        BtfType.Func f = (BtfType.Func) btf.type(fn.value());
        FuncInfo at = target.funcInfo.stream().filter(i -> i.typeId().equals(fn)).findFirst()
                .orElseThrow(() -> invalid("Subprog " + f.name() + " doesn't exist"));
        if (f.linkage() != BtfType.Func.GLOBAL) {
            throw invalid("Cannot replace static functions");
        }
        return new ExtTarget(target, fn, at.insnOff());
    }

    /**
     * Whether the extension (FUNC {@code extFunc} of {@code extBtf}, changing packet data or not)
     * may replace {@code t}; throws EINVAL with the kernel's message if not.
     */
    static void checkMatch(ExtTarget t, Btf extBtf, int extFunc, boolean extChangesPkt) {
        Btf targetBtf = t.prog().btf.orElseThrow().btf;
        CompatResult r = FreplaceCompat.check(targetBtf, t.function().value(), extBtf, extFunc);
        if (r.kind() != CompatResult.Kind.OK) {
            throw invalid(r.reason());
        }
        if (extChangesPkt && !t.prog().pktChanging.contains(t.entrySlot())) {
            throw invalid("Extension program changes packet data, while original does not");
        }
    }

    private static KernelException invalid(String why) {
        return new KernelException(Errno.EINVAL, why);
    }

    /**
     * The entry slots of the functions that change packet data, directly or through functions
     * they call, as the verifier marks subprograms' changes_pkt_data.
     */
    static Set<Integer> pktChangingEntries(List<Insn> insns, List<FuncInfo> funcInfo) {
        List<Integer> entries = new ArrayList<>();
        entries.add(0);
        funcInfo.forEach(f -> {
            if (f.insnOff() != 0) {
                entries.add(f.insnOff());
            }
        });
        entries.sort(null);
        int n = entries.size();
        boolean[] direct = new boolean[n];
        List<Set<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(new HashSet<>());
        }
        int slot = 0;
        for (Insn insn : insns) {
            if (insn.kind() == Insn.Kind.CALL) {
                Jump.Call c = (Jump.Call) insn;
                int f = owner(entries, slot);
                if (c.target() == CallKind.HELPER && CHANGES_PKT_DATA.contains(c.imm())) {
                    direct[f] = true;
                } else if (c.target() == CallKind.LOCAL) {
                    calls.get(f).add(owner(entries, slot + 1 + c.imm()));
                }
            }
            slot += insn.width();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int f = 0; f < n; f++) {
                for (int g : calls.get(f)) {
                    if (!direct[f] && direct[g]) {
                        direct[f] = true;
                        changed = true;
                    }
                }
            }
        }
        Set<Integer> out = new HashSet<>();
        for (int f = 0; f < n; f++) {
            if (direct[f]) {
                out.add(entries.get(f));
            }
        }
        return out;
    }

    private static int owner(List<Integer> entries, int slot) {
        int f = 0;
        while (f + 1 < entries.size() && entries.get(f + 1) <= slot) {
            f++;
        }
        return f;
    }
}
