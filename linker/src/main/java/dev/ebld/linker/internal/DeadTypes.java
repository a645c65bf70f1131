package dev.ebld.linker.internal;

import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Drops the BTF types a link leaves dead: a type survives only if something that survives
 * refers to it. Linking orphans types in two ways. An extern's VAR or FUNC is replaced by the
 * definition's, so the extern's own prototype or variable type may lose its only user (libbpf's
 * linker rewrites the FUNC's type to the definition's prototype the same way and, depending on
 * input order, keeps the orphan). And a second copy of the {@code license} or {@code version}
 * section is not kept, so the VAR that described it, under another name, is listed by no
 * DATASEC (libbpf skips such VARs outright).
 *
 * <p>The survivors are whatever is reachable from the roots: DATASECs, FUNCs (programs and
 * subprograms, which symbols name), DECL_TAGs, the types {@code .BTF.ext} names (func_info,
 * CO-RE relocation targets), and every type an input defined at top level, that no other type
 * of its file referred to ({@link BtfTypeMap#topLevel}): what libbpf keeps and a program may
 * rely on, such as a type emitted on its own with {@code BTF_TYPE_EMIT}.
 *
 * <p>Runs on the deduplicated types, a small fraction of the appended ones, so a link with
 * nothing dead pays one walk over those. Input top-level-ness is asked only about the types
 * the walk did not reach.
 *
 * <p>After this stage: every type is a root or referred to by a surviving type, and ids are
 * dense again, in the same relative order.
 */
final class DeadTypes {
    /** The surviving types, and each old id's new one (0 for a dropped type, and for void). */
    record Pruned(List<BtfType> types, int[] newIds) {
        int newId(int old) {
            return old <= 0 || old >= newIds.length ? 0 : newIds[old];
        }

        boolean droppedAny() {
            return types.size() < newIds.length - 1;
        }
    }

    private DeadTypes() {
    }

    /**
     * Drops the dead ones of {@code types} (ids 1 to {@code types.size()}). {@code topLevelAmong}
     * gets the ids (as a mask) that nothing reached and answers which of them an input defined at
     * top level.
     */
    static Pruned prune(List<BtfType> types, Optional<BtfExt> ext, UnaryOperator<boolean[]> topLevelAmong) {
        boolean[] live = new boolean[types.size() + 1];
        int[] stack = new int[types.size() + 1];
        int top = 0;
        for (int id = 1; id <= types.size(); id++) {
            BtfKind k = types.get(id - 1).kind();
            if (k == BtfKind.DATASEC || k == BtfKind.FUNC || k == BtfKind.DECL_TAG) {
                top = mark(live, stack, top, id);
            }
        }
        for (int id : extTypeIds(ext)) {
            top = mark(live, stack, top, id);
        }
        markReachable(types, live, stack, top);
        boolean[] unreached = unreached(live);
        if (unreached != null) {
            boolean[] roots = topLevelAmong.apply(unreached);
            top = 0;
            for (int id = 1; id < roots.length; id++) {
                if (roots[id]) {
                    top = mark(live, stack, top, id);
                }
            }
            markReachable(types, live, stack, top);
        }
        return compact(types, live);
    }

    private static void markReachable(List<BtfType> types, boolean[] live, int[] stack, int top) {
        while (top > 0) {
            for (int r : types.get(stack[--top] - 1).refs()) {
                top = mark(live, stack, top, r);
            }
        }
    }

    private static int mark(boolean[] live, int[] stack, int top, int id) {
        if (id <= 0 || id >= live.length || live[id]) {
            return top;
        }
        live[id] = true;
        stack[top] = id;
        return top + 1;
    }

    /** The ids not marked live, as a mask; null when every type is live. */
    private static boolean[] unreached(boolean[] live) {
        boolean[] out = null;
        for (int id = 1; id < live.length; id++) {
            if (!live[id]) {
                out = out == null ? new boolean[live.length] : out;
                out[id] = true;
            }
        }
        return out;
    }

    /** The type ids func_info and CO-RE records name; line_info names none. */
    private static List<Integer> extTypeIds(Optional<BtfExt> ext) {
        List<Integer> out = new ArrayList<>();
        if (ext.isPresent()) {
            // Plain loops: a lambda here is linked on every cold run that reaches it, because
            // the links the AOT cache is trained on may never do.
            for (BtfExt.SectionInfo<BtfExt.FuncInfo> s : ext.get().funcInfo().sections()) {
                for (BtfExt.FuncInfo f : s.records()) {
                    out.add(f.typeId());
                }
            }
            for (BtfExt.SectionInfo<BtfExt.CoreRelo> s : ext.get().coreRelos().sections()) {
                for (BtfExt.CoreRelo r : s.records()) {
                    out.add(r.typeId());
                }
            }
        }
        return out;
    }

    /** The live types renumbered densely; the input list itself when all are live. */
    private static Pruned compact(List<BtfType> types, boolean[] live) {
        int[] newIds = new int[live.length];
        int next = 0;
        for (int id = 1; id < live.length; id++) {
            newIds[id] = live[id] ? ++next : 0;
        }
        if (next == types.size()) {
            return new Pruned(types, newIds);
        }
        List<BtfType> out = new ArrayList<>(next);
        for (int id = 1; id < live.length; id++) {
            if (live[id]) {
                out.add(types.get(id - 1).remap(old -> newIds[old]));
            }
        }
        return new Pruned(out, newIds);
    }
}
