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

    /**
     * Checks {@code btf}. {@code backward} says every reference leads to a lower id
     * ({@link #refsBelow}, which the reader asks as it decodes): then every id exists and neither
     * graph can have a cycle. Clang emits most objects' BTF this way, so building both graphs is
     * left to the rest, where the full checks also say what is wrong.
     */
    static void check(Btf btf, int[] offsets, boolean backward) throws BtfFormatException {
        if (backward) {
            return;
        }
        Graphs g = new Graphs(btf, offsets);
        g.build();
        // A graph whose every edge leads to a lower id cannot have a cycle: the common case
        // (compilers emit most types after what they refer to) skips the search.
        if (g.looseUpward) {
            findCycle(btf, offsets, g.loose(), "reference cycle without a struct or union");
        }
        if (g.valueUpward) {
            findCycle(btf, offsets, g.byValue(), "reference cycle by value (infinite size)");
        }
    }

    /** Every reference of {@code t}, read as unsigned, is below {@code id}. */
    static boolean refsBelow(BtfType t, long id) {
        switch (t.kind()) {
            case TYPEDEF: case CONST: case VOLATILE: case RESTRICT: case TYPE_TAG: case VAR: case DECL_TAG:
            case PTR: case FUNC:
                return below(((BtfType.Ref) t).type(), id);
            case ARRAY:
                return below(((BtfType.Array) t).elemType(), id) && below(((BtfType.Array) t).indexType(), id);
            case STRUCT: case UNION: {
                List<BtfType.Member> ms = ((BtfType.Composite) t).members();
                for (int j = 0; j < ms.size(); j++) {
                    if (!below(ms.get(j).type(), id)) {
                        return false;
                    }
                }
                return true;
            }
            case FUNC_PROTO: {
                BtfType.FuncProto f = (BtfType.FuncProto) t;
                for (int j = 0; j < f.params().size(); j++) {
                    if (!below(f.params().get(j).type(), id)) {
                        return false;
                    }
                }
                return below(f.returnType(), id);
            }
            case DATASEC: {
                List<BtfType.VarSecinfo> vs = ((BtfType.Datasec) t).vars();
                for (int j = 0; j < vs.size(); j++) {
                    if (!below(vs.get(j).type(), id)) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return true;
        }
    }

    private static boolean below(int ref, long id) {
        return (ref & 0xffffffffL) < id;
    }

    /**
     * The graph of own types as compressed rows: the successors of own type {@code i} (0-based)
     * are {@code to[from[i]] .. to[from[i + 1] - 1]}, as 0-based own indices; edges into void or
     * the base are dropped, since the base was checked on its own and never points back.
     */
    private record Graph(int[] from, int[] to) {
    }

    /**
     * Both graphs built in one pass over the types, checking every reference's range on the way,
     * in field order. The edges are read off the records directly (no per-type arrays), which
     * keeps the check cheap for vmlinux's 130 000 types. "Loose" edges are every reference
     * except those leaving a STRUCT or UNION (rule 1); "value" edges are the by-value ones, where
     * pointers, functions and prototypes end a chain (rule 2).
     */
    private static final class Graphs {
        private final Btf btf;
        private final int[] offsets;
        private final int first;
        private final long count;
        private final int[] looseFrom;
        private final int[] valueFrom;
        private int[] looseTo;
        private int[] valueTo;
        private int nLoose;
        private int nValue;
        private int current;
        /** Some edge of the graph leads to the type itself or a later one. */
        boolean looseUpward;
        boolean valueUpward;

        Graphs(Btf btf, int[] offsets) {
            this.btf = btf;
            this.offsets = offsets;
            this.first = btf.firstId();
            this.count = btf.typeCount();
            int n = btf.types().size();
            looseFrom = new int[n + 1];
            valueFrom = new int[n + 1];
            looseTo = new int[Math.max(16, n * 2)];
            valueTo = new int[Math.max(16, n * 2)];
        }

        Graph loose() {
            return new Graph(looseFrom, looseTo);
        }

        Graph byValue() {
            return new Graph(valueFrom, valueTo);
        }

        void build() throws BtfFormatException {
            List<BtfType> types = btf.types();
            for (int i = 0; i < types.size(); i++) {
                looseFrom[i] = nLoose;
                valueFrom[i] = nValue;
                current = i;
                edges(types.get(i));
            }
            looseFrom[types.size()] = nLoose;
            valueFrom[types.size()] = nValue;
        }

        private void edges(BtfType t) throws BtfFormatException {
            switch (t.kind()) {
                case TYPEDEF: case CONST: case VOLATILE: case RESTRICT: case TYPE_TAG: case VAR: case DECL_TAG:
                    edge(((BtfType.Ref) t).type(), true, true);
                    break;
                case PTR: case FUNC:
                    edge(((BtfType.Ref) t).type(), true, false);
                    break;
                case ARRAY:
                    edge(((BtfType.Array) t).elemType(), true, true);
                    edge(((BtfType.Array) t).indexType(), true, false);
                    break;
                case STRUCT: case UNION: {
                    List<BtfType.Member> ms = ((BtfType.Composite) t).members();
                    for (int j = 0; j < ms.size(); j++) {
                        edge(ms.get(j).type(), false, true);
                    }
                    break;
                }
                case FUNC_PROTO: {
                    BtfType.FuncProto f = (BtfType.FuncProto) t;
                    edge(f.returnType(), true, false);
                    for (int j = 0; j < f.params().size(); j++) {
                        edge(f.params().get(j).type(), true, false);
                    }
                    break;
                }
                case DATASEC: {
                    List<BtfType.VarSecinfo> vs = ((BtfType.Datasec) t).vars();
                    for (int j = 0; j < vs.size(); j++) {
                        edge(vs.get(j).type(), true, true);
                    }
                    break;
                }
                default:
                    break;
            }
        }

        /** One reference of the current type: range-checked, then added to the chosen graphs. */
        private void edge(int ref, boolean loose, boolean value) throws BtfFormatException {
            if ((ref & 0xffffffffL) >= count) {
                BtfType t = btf.types().get(current);
                throw new BtfFormatException(TYPES, offsets[current], first + current, t.kind().label()
                        + " refers to type id " + Integer.toUnsignedString(ref) + ", only " + count + " ids exist");
            }
            if (ref < first) {
                return;
            }
            int to = ref - first;
            if (loose) {
                looseUpward |= to >= current;
                if (nLoose == looseTo.length) {
                    looseTo = java.util.Arrays.copyOf(looseTo, looseTo.length * 2);
                }
                looseTo[nLoose++] = to;
            }
            if (value) {
                valueUpward |= to >= current;
                if (nValue == valueTo.length) {
                    valueTo = java.util.Arrays.copyOf(valueTo, valueTo.length * 2);
                }
                valueTo[nValue++] = to;
            }
        }
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
