package dev.ebld.btf.dedup;

import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.Arrays;

/**
 * Pass 3 of {@link Dedup}: structs and unions. A composite may contain itself through
 * pointers, so its equality cannot be decided bottom-up. Instead each new composite is compared
 * with every canonical one of the same shallow signature by walking both type graphs side by
 * side, recording a hypothetical mapping "canonical type = new type". The walk succeeds when no
 * pair disagrees structurally and no canonical type is asked to stand for two different new
 * types (a revisited pair is a cycle, and agrees). On success the hypothesis is partly kept:
 * forward declarations it matched to full composites are resolved, and composites met on the
 * way are mapped to their canonical twins, so most later comparisons stop at once.
 *
 * <p>The walk is an explicit stack of (new, canonical) pairs, not recursion: following pointers
 * through a kernel's types runs thousands of levels deep.
 */
final class DedupEquiv {
    private final DedupState s;
    private final BtfType[] types;
    private final int[] hypot;
    private int[] hypotList = new int[64];
    private int hypotCount;
    private int[] stack = new int[128];
    private int sp;

    DedupEquiv(DedupState s) {
        this.s = s;
        this.types = s.types;
        this.hypot = new int[types.length];
        Arrays.fill(hypot, -1);
    }

    void dedupComposites() {
        DedupTable table = new DedupTable(s.composites.size);
        for (int i = 0; i < s.composites.size; i++) {
            int id = s.composites.ids[i];
            if (!s.mapped(id)) {
                dedupComposite(table, id);
            }
        }
    }

    private void dedupComposite(DedupTable table, int id) {
        BtfType t = types[id];
        int h = DedupKeys.structHash((BtfType.Composite) t, s);
        int canon = id;
        for (int e = table.first(h); e >= 0; e = table.next(e)) {
            int cand = table.id(e);
            // A shallow check first: a FWD here would let the walk equate a struct with a forward.
            if (!DedupKeys.structShallowEqual(t, types[cand])) {
                continue;
            }
            clearHypothesis();
            if (equivalent(id, cand)) {
                keepHypothesis();
                canon = cand;
                break;
            }
        }
        s.map[id] = canon;
        if (canon == id) {
            table.add(h, id);
        }
    }

    /** True when the graph from {@code newId} matches the graph from canonical {@code canonId}. */
    private boolean equivalent(int newId, int canonId) {
        sp = 0;
        push(newId, canonId);
        while (sp > 0) {
            int canon = stack[--sp];
            int cand = stack[--sp];
            if (!visit(cand, canon)) {
                return false;
            }
        }
        return true;
    }

    /** Checks one pair; pushes the pairs it depends on. */
    private boolean visit(int cand, int canon) {
        if (s.resolve(cand) == s.resolve(canon)) {
            return true;
        }
        canon = s.resolveFwd(canon);
        int seen = hypot[canon];
        if (seen >= 0) {
            // The compiler sometimes emits identical copies of an array or struct within one
            // input; accept those rather than fail on the one-to-one assumption.
            return seen == cand || identicalArrays(seen, cand) || DedupKeys.structIdentical(types[seen], types[cand]);
        }
        addHypothesis(canon, cand);
        BtfType ct = types[cand];
        BtfType kt = types[canon];
        if (!ct.name().equals(kt.name())) {
            return false;
        }
        boolean cfwd = ct.kind() == BtfKind.FWD;
        boolean kfwd = kt.kind() == BtfKind.FWD;
        if ((cfwd || kfwd) && ct.kind() != kt.kind()) {
            return cfwd ? DedupState.fwdKind(ct) == kt.kind() : DedupState.fwdKind(kt) == ct.kind();
        }
        if (ct.kind() != kt.kind()) {
            return false;
        }
        return visitSameKind(ct, kt);
    }

    private boolean visitSameKind(BtfType ct, BtfType kt) {
        return switch (ct.kind()) {
            case INT, FWD, FLOAT -> DedupKeys.primEqual(ct, kt);
            case ENUM, ENUM64 -> DedupKeys.enumCompatible(ct, kt);
            case CONST, VOLATILE, RESTRICT, PTR, TYPEDEF, FUNC, TYPE_TAG -> visitRef(ct, kt);
            case ARRAY -> visitArray((BtfType.Array) ct, (BtfType.Array) kt);
            case STRUCT, UNION -> visitMembers(ct, kt);
            case FUNC_PROTO -> visitProto((BtfType.FuncProto) ct, (BtfType.FuncProto) kt);
            case VOID, VAR, DATASEC, DECL_TAG -> false; // never reached from a composite
        };
    }

    private boolean visitRef(BtfType ct, BtfType kt) {
        if (ct.kindFlag() != kt.kindFlag() || DedupKeys.extra(ct) != DedupKeys.extra(kt)) {
            return false;
        }
        push(((BtfType.Ref) ct).type(), ((BtfType.Ref) kt).type());
        return true;
    }

    private boolean visitArray(BtfType.Array a, BtfType.Array b) {
        if (a.kindFlag() != b.kindFlag() || a.nelems() != b.nelems()) {
            return false;
        }
        push(a.elemType(), b.elemType());
        push(a.indexType(), b.indexType());
        return true;
    }

    private boolean visitMembers(BtfType ct, BtfType kt) {
        if (!DedupKeys.structShallowEqual(ct, kt)) {
            return false;
        }
        java.util.List<BtfType.Member> a = ((BtfType.Composite) ct).members();
        java.util.List<BtfType.Member> b = ((BtfType.Composite) kt).members();
        for (int i = a.size() - 1; i >= 0; i--) {
            push(a.get(i).type(), b.get(i).type());
        }
        return true;
    }

    private boolean visitProto(BtfType.FuncProto a, BtfType.FuncProto b) {
        if (!DedupKeys.protoShallowEqual(a, b)) {
            return false;
        }
        for (int i = a.params().size() - 1; i >= 0; i--) {
            push(a.params().get(i).type(), b.params().get(i).type());
        }
        push(a.returnType(), b.returnType());
        return true;
    }

    private boolean identicalArrays(int x, int y) {
        return types[x] instanceof BtfType.Array && types[y] instanceof BtfType.Array
                && DedupKeys.refEqual(types[x], types[y]);
    }

    /**
     * Keeps what a successful walk proved: a FWD matched with a full composite resolves to it (in
     * either graph), and a new composite met on the way joins its canonical twin when that twin
     * is already settled.
     */
    private void keepHypothesis() {
        for (int i = 0; i < hypotCount; i++) {
            int canonId = hypotList[i];
            int t = s.resolve(hypot[canonId]);
            int c = s.resolve(canonId);
            BtfKind tk = types[t].kind();
            BtfKind ck = types[c].kind();
            if (tk != BtfKind.FWD && ck == BtfKind.FWD) {
                s.map[c] = t;
            }
            if (tk == BtfKind.FWD && ck != BtfKind.FWD) {
                s.map[t] = c;
            }
            if (tk.isComposite() && ck != BtfKind.FWD && s.mapped(c) && !s.mapped(t)) {
                s.map[t] = c;
            }
        }
    }

    private void addHypothesis(int canon, int cand) {
        hypot[canon] = cand;
        if (hypotCount == hypotList.length) {
            hypotList = Arrays.copyOf(hypotList, hypotCount * 2);
        }
        hypotList[hypotCount++] = canon;
    }

    private void clearHypothesis() {
        for (int i = 0; i < hypotCount; i++) {
            hypot[hypotList[i]] = -1;
        }
        hypotCount = 0;
    }

    private void push(int cand, int canon) {
        if (sp + 2 > stack.length) {
            stack = Arrays.copyOf(stack, stack.length * 2);
        }
        stack[sp++] = cand;
        stack[sp++] = canon;
    }
}
