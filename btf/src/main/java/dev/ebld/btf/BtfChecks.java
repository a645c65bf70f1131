package dev.ebld.btf;

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
     * Checks a scanned section. When every reference leads to a lower id
     * ({@link BtfSection#backward()}), every id exists and neither graph can have a cycle. Clang
     * emits most objects' BTF this way, so building both graphs is left to the rest, where the
     * full checks also say what is wrong.
     */
    static void check(BtfSection s) throws BtfFormatException {
        if (s.backward()) {
            return;
        }
        Graphs g = new Graphs(s);
        g.build();
        // A graph whose every edge leads to a lower id cannot have a cycle: the common case
        // (compilers emit most types after what they refer to) skips the search.
        if (g.looseUpward) {
            findCycle(s, g.loose(), "reference cycle without a struct or union");
        }
        if (g.valueUpward) {
            findCycle(s, g.byValue(), "reference cycle by value (infinite size)");
        }
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
     * in field order. The edges are read off the section bytes directly (no per-type arrays), which
     * keeps the check cheap for vmlinux's 130 000 types. "Loose" edges are every reference
     * except those leaving a STRUCT or UNION (rule 1); "value" edges are the by-value ones, where
     * pointers, functions and prototypes end a chain (rule 2).
     */
    private static final class Graphs {
        private final BtfSection s;
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

        Graphs(BtfSection s) {
            this.s = s;
            this.first = s.firstId();
            int n = s.count();
            this.count = (long) first + n;
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
            int n = s.count();
            for (int i = 0; i < n; i++) {
                looseFrom[i] = nLoose;
                valueFrom[i] = nValue;
                current = i;
                edges(s.offset(i));
            }
            looseFrom[n] = nLoose;
            valueFrom[n] = nValue;
        }

        /** The references of the type whose record starts at {@code p}, in field order. */
        private void edges(int p) throws BtfFormatException {
            int info = s.i32(p + 4);
            int vlen = info & 0xffff;
            int st = s.i32(p + 8);
            int q = p + 12;
            switch (BtfKind.ofCode((info >>> 24) & 0x1f)) {
                case TYPEDEF: case CONST: case VOLATILE: case RESTRICT: case TYPE_TAG: case VAR: case DECL_TAG:
                    edge(st, true, true);
                    break;
                case PTR: case FUNC:
                    edge(st, true, false);
                    break;
                case ARRAY:
                    edge(s.i32(q), true, true);
                    edge(s.i32(q + 4), true, false);
                    break;
                case STRUCT: case UNION:
                    for (int j = 0; j < vlen; j++) {
                        edge(s.i32(q + 12 * j + 4), false, true);
                    }
                    break;
                case FUNC_PROTO:
                    edge(st, true, false);
                    for (int j = 0; j < vlen; j++) {
                        edge(s.i32(q + 8 * j + 4), true, false);
                    }
                    break;
                case DATASEC:
                    for (int j = 0; j < vlen; j++) {
                        edge(s.i32(q + 12 * j), true, true);
                    }
                    break;
                default:
                    break;
            }
        }

        /** One reference of the current type: range-checked, then added to the chosen graphs. */
        private void edge(int ref, boolean loose, boolean value) throws BtfFormatException {
            if ((ref & 0xffffffffL) >= count) {
                throw new BtfFormatException(TYPES, s.offset(current), first + current, s.kind(current).label()
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

    private static void findCycle(BtfSection s, Graph g, String what) throws BtfFormatException {
        int first = s.firstId();
        int n = s.count();
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
                    throw new BtfFormatException(TYPES, s.offset(next), first + next,
                            what + ": " + describe(s, stackId, sp, next, first));
                }
                if (colour[next] == 0) {
                    colour[next] = 1;
                    stackId[++sp] = next;
                    stackEdge[sp] = g.from()[next];
                }
            }
        }
    }

    private static String describe(BtfSection s, int[] stackId, int sp, int start, int first) {
        StringBuilder sb = new StringBuilder();
        int from = sp;
        while (from > 0 && stackId[from] != start) {
            from--;
        }
        for (int i = from; i <= sp && sb.length() < 200; i++) {
            int id = first + stackId[i];
            sb.append('[').append(id).append("] ").append(s.kind(stackId[i]).label()).append(" -> ");
        }
        return sb.append('[').append(first + start).append(']').toString();
    }
}
