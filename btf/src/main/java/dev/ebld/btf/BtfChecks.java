package dev.ebld.btf;

import java.util.List;

/**
 * Whole-blob checks run once after decoding: every referenced id exists, and the reference graph
 * has no loop C cannot express. Two rules, each a cycle search:
 * <ol>
 * <li>Every loop must pass through a STRUCT or UNION: C can only close a type loop through a
 *     tagged type ({@code struct s { struct s *next; }}). A typedef, modifier, pointer or
 *     prototype loop without one ({@code typedef T *T}) is rejected. So the search ignores the
 *     edges leaving composites.</li>
 * <li>No loop may be made only of by-value references (typedefs, modifiers, array elements,
 *     struct members, variables, section entries): such a type would have infinite size.</li>
 * </ol>
 * After these, walking any chain of non-member references ends, and so does size resolution,
 * so queries and printers can loop without bounds checks of their own.
 *
 * <p>The search is an iterative depth-first walk with three colours, so even a chain of
 * 100 000 typedefs cannot overflow the Java stack.
 */
final class BtfChecks {
    private static final String TYPES = ".BTF type section";

    private BtfChecks() {
    }

    static void check(Btf btf, int[] offsets) throws BtfFormatException {
        checkRefs(btf, offsets);
        findCycle(btf, offsets, graph(btf, false), "reference cycle without a struct or union");
        findCycle(btf, offsets, graph(btf, true), "reference cycle by value (infinite size)");
    }

    private static void checkRefs(Btf btf, int[] offsets) throws BtfFormatException {
        List<BtfType> types = btf.types();
        long count = btf.typeCount();
        for (int i = 0; i < types.size(); i++) {
            for (int ref : types.get(i).refs()) {
                if ((ref & 0xffffffffL) >= count) {
                    int id = btf.firstId() + i;
                    throw new BtfFormatException(TYPES, offsets[i], id, types.get(i).kind().label()
                            + " refers to type id " + Integer.toUnsignedString(ref) + ", only "
                            + count + " ids exist");
                }
            }
        }
    }

    /** All references except those leaving a STRUCT or UNION. */
    static int[] nonCompositeEdges(BtfType t) {
        return t.kind().isComposite() ? new int[0] : t.refs();
    }

    /** Successors along by-value edges; pointers and prototypes end a chain. */
    static int[] valueEdges(BtfType t) {
        switch (t.kind()) {
            case TYPEDEF: case CONST: case VOLATILE: case RESTRICT: case TYPE_TAG: case VAR: case DECL_TAG:
                return new int[] {((BtfType.Ref) t).type()};
            case ARRAY:
                return new int[] {((BtfType.Array) t).elemType()};
            case STRUCT: case UNION: case DATASEC:
                return t.refs();
            case VOID: case INT: case PTR: case ENUM: case FWD: case FUNC: case FUNC_PROTO:
            case FLOAT: case ENUM64:
                return new int[0];
        }
        throw new IllegalStateException("unhandled kind " + t.kind());
    }

    /**
     * The graph of own types as compressed rows: the successors of own type {@code i} (0-based)
     * are {@code to[from[i]] .. to[from[i + 1] - 1]}, as 0-based own indices; edges into void or
     * the base are dropped, since the base was checked on its own and never points back.
     */
    private record Graph(int[] from, int[] to) {
    }

    private static Graph graph(Btf btf, boolean byValue) {
        List<BtfType> types = btf.types();
        int first = btf.firstId();
        int[] from = new int[types.size() + 1];
        int[] to = new int[Math.max(16, types.size() * 2)];
        int n = 0;
        for (int i = 0; i < types.size(); i++) {
            from[i] = n;
            BtfType t = types.get(i);
            int[] edges = byValue ? valueEdges(t) : nonCompositeEdges(t);
            for (int e : edges) {
                if (e >= first) {
                    if (n == to.length) {
                        to = java.util.Arrays.copyOf(to, to.length * 2);
                    }
                    to[n++] = e - first;
                }
            }
        }
        from[types.size()] = n;
        return new Graph(from, to);
    }

    private static void findCycle(Btf btf, int[] offsets, Graph g, String what) throws BtfFormatException {
        int first = btf.firstId();
        int n = btf.types().size();
        byte[] colour = new byte[n];
        int[] stackId = new int[n];
        int[] stackEdge = new int[n];
        for (int root = 0; root < n; root++) {
            if (colour[root] != 0) {
                continue;
            }
            int sp = 0;
            stackId[sp] = root;
            stackEdge[sp] = g.from()[root];
            colour[root] = 1;
            while (sp >= 0) {
                int cur = stackId[sp];
                if (stackEdge[sp] == g.from()[cur + 1]) {
                    colour[cur] = 2;
                    sp--;
                    continue;
                }
                int next = g.to()[stackEdge[sp]++];
                if (colour[next] == 1) {
                    throw new BtfFormatException(TYPES, offsets[next], first + next,
                            what + ": " + describe(btf, stackId, sp, next, first));
                }
                if (colour[next] == 0) {
                    colour[next] = 1;
                    stackId[++sp] = next;
                    stackEdge[sp] = g.from()[next];
                }
            }
        }
    }

    private static String describe(Btf btf, int[] stackId, int sp, int start, int first) {
        StringBuilder sb = new StringBuilder();
        int from = sp;
        while (from > 0 && stackId[from] != start) {
            from--;
        }
        for (int i = from; i <= sp && sb.length() < 200; i++) {
            int id = first + stackId[i];
            sb.append('[').append(id).append("] ").append(btf.type(id).kind().label()).append(" -> ");
        }
        return sb.append('[').append(first + start).append(']').toString();
    }
}
