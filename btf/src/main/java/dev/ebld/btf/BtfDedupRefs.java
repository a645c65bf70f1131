package dev.ebld.btf;

import java.util.Arrays;

/**
 * Pass 5 of {@link BtfDedup}: reference kinds (pointers, typedefs, qualifiers, type and decl
 * tags, arrays, prototypes, functions). Every loop in C's type graph passes through a struct or
 * union, and those are settled by now, so a reference type can be settled after the types it
 * refers to: rewrite its references to their canonical ids, after which equal fields mean
 * equal types and a hash lookup finds its canonical twin.
 *
 * <p>The post-order walk uses an explicit stack: a chain of reference types can be arbitrarily
 * long (the reader only rejects loops).
 */
final class BtfDedupRefs {
    private final BtfDedupState s;
    private final BtfDedupTable table;
    private int[] stack = new int[64];

    BtfDedupRefs(BtfDedupState s) {
        this.s = s;
        this.table = new BtfDedupTable(s.size() / 2);
    }

    void dedupReferences() {
        for (int id = 1; id < s.size(); id++) {
            if (s.map[id] == BtfDedupState.UNPROCESSED) {
                settle(id);
            }
        }
    }

    private void settle(int root) {
        int sp = 0;
        stack[sp++] = root;
        while (sp > 0) {
            int id = stack[sp - 1];
            if (s.map[id] >= 0) {
                sp--;
                continue;
            }
            s.map[id] = BtfDedupState.IN_PROGRESS;
            int pending = firstUnsettled(s.types[id]);
            if (pending >= 0) {
                if (sp == stack.length) {
                    stack = Arrays.copyOf(stack, sp * 2);
                }
                stack[sp++] = pending;
                continue;
            }
            s.map[id] = canonicalOf(id);
            sp--;
        }
    }

    /** A referenced type not yet settled, or -1; a type already in progress means a loop. */
    private int firstUnsettled(BtfType t) {
        for (int r : t.refs()) {
            if (s.map[r] == BtfDedupState.IN_PROGRESS) {
                throw new IllegalStateException("type [" + r + "] is part of a reference loop without a struct or union");
            }
            if (s.map[r] == BtfDedupState.UNPROCESSED) {
                return r;
            }
        }
        return -1;
    }

    private boolean canonicalRefs(BtfType t) {
        for (int r : t.refs()) {
            if (s.map[r] != r) {
                return false;
            }
        }
        return true;
    }

    /** Rewrites {@code id}'s references to canonical ids, then finds or becomes its canonical type. */
    private int canonicalOf(int id) {
        BtfType t = s.types[id];
        if (!canonicalRefs(t)) {
            t = t.remap(s::resolve);
            s.types[id] = t;
        }
        int h = BtfDedupKeys.refHash(t);
        for (int e = table.first(h); e >= 0; e = table.next(e)) {
            int cand = table.id(e);
            if (BtfDedupKeys.refEqual(t, s.types[cand])) {
                return cand;
            }
        }
        table.add(h, id);
        return id;
    }
}
