package dev.ebld.btf.dedup;

import dev.ebld.btf.BtfType;

import java.util.Arrays;
import java.util.List;

/**
 * Pass 5 of {@link Dedup}: reference kinds (pointers, typedefs, qualifiers, type and decl
 * tags, arrays, prototypes, functions). Every loop in C's type graph passes through a struct or
 * union, and those are settled by now, so a reference type can be settled after the types it
 * refers to: with its references read through their canonical ids, equal fields mean equal
 * types and a hash lookup finds its canonical twin. No type is rewritten here: hashing and
 * equality read every reference through {@link DedupState#resolve}, and compaction maps every
 * reference to its representative's new id anyway, so a copy with canonical ids would be thrown
 * away (at 40 inputs that was 16 000 FUNCs copied only to point at the one surviving prototype).
 *
 * <p>The post-order walk uses an explicit stack: a chain of reference types can be arbitrarily
 * long (the reader only rejects loops).
 */
final class DedupRefs {
    private final DedupState s;
    private final DedupTable table;
    private int[] stack = new int[64];

    DedupRefs(DedupState s) {
        this.s = s;
        this.table = new DedupTable(s.references.size / 2);
    }

    void dedupReferences() {
        for (int i = 0; i < s.references.size; i++) {
            int id = s.references.ids[i];
            if (s.map[id] == DedupState.UNPROCESSED) {
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
            s.map[id] = DedupState.IN_PROGRESS;
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
        if (t instanceof BtfType.Ref r) {
            return unsettled(r.type()) ? r.type() : -1;
        }
        for (int i = 0, n = refCount(t); i < n; i++) {
            int r = refAt(t, i);
            if (unsettled(r)) {
                return r;
            }
        }
        return -1;
    }

    private boolean unsettled(int r) {
        if (s.map[r] == DedupState.IN_PROGRESS) {
            throw new IllegalStateException("type [" + r + "] is part of a reference loop without a struct or union");
        }
        return s.map[r] == DedupState.UNPROCESSED;
    }

    /** The canonical twin of {@code id}, or {@code id} itself. */
    private int canonicalOf(int id) {
        BtfType t = s.types[id];
        int h = hash(t);
        for (int e = table.first(h); e >= 0; e = table.next(e)) {
            int cand = table.id(e);
            if (equal(t, s.types[cand])) {
                return cand;
            }
        }
        table.add(h, id);
        return id;
    }

    /** The signature hash of {@code t} as if its references were canonical. */
    private int hash(BtfType t) {
        int h = DedupKeys.refHead(t);
        if (t instanceof BtfType.Ref r) {
            return h * 31 + s.resolve(r.type()); // the one-target kinds, most of them, directly
        }
        if (t instanceof BtfType.FuncProto p) {
            h = h * 31 + s.resolve(p.returnType());
            List<BtfType.Param> ps = p.params();
            for (int i = 0; i < ps.size(); i++) {
                h = h * 31 + s.resolve(ps.get(i).type());
            }
            return h;
        }
        for (int i = 0, n = refCount(t); i < n; i++) {
            h = h * 31 + s.resolve(refAt(t, i));
        }
        return h;
    }

    /** Equal fields, references compared through their canonical ids. */
    private boolean equal(BtfType t, BtfType c) {
        if (!DedupKeys.sameHead(t, c) || DedupKeys.extra(t) != DedupKeys.extra(c)) {
            return false;
        }
        if (t instanceof BtfType.Ref r) {
            return s.resolve(r.type()) == s.resolve(((BtfType.Ref) c).type());
        }
        if (t instanceof BtfType.FuncProto p) {
            BtfType.FuncProto q = (BtfType.FuncProto) c;
            if (s.resolve(p.returnType()) != s.resolve(q.returnType())) {
                return false;
            }
            List<BtfType.Param> a = p.params();
            List<BtfType.Param> b = q.params();
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).name().equals(b.get(i).name()) || s.resolve(a.get(i).type()) != s.resolve(b.get(i).type())) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0, n = refCount(t); i < n; i++) {
            if (s.resolve(refAt(t, i)) != s.resolve(refAt(c, i))) {
                return false;
            }
        }
        return true;
    }

    /** Number of type references in a reference kind, without allocating {@link BtfType#refs()}. */
    static int refCount(BtfType t) {
        if (t instanceof BtfType.FuncProto p) {
            return 1 + p.params().size();
        }
        if (t instanceof BtfType.Array) {
            return 2;
        }
        return t instanceof BtfType.Ref ? 1 : 0;
    }

    /** Reference {@code i}: return type then parameters, element then index type, or the one target. */
    static int refAt(BtfType t, int i) {
        if (t instanceof BtfType.FuncProto p) {
            return i == 0 ? p.returnType() : p.params().get(i - 1).type();
        }
        if (t instanceof BtfType.Array a) {
            return i == 0 ? a.elemType() : a.indexType();
        }
        return ((BtfType.Ref) t).type();
    }
}
