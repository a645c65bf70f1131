package dev.ebld.btf.internal;

import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfKind;

/**
 * Whole-blob checks, run once after the scan and before anything is decoded: every referenced
 * id exists, and the reference graph has no loop C cannot express. Two rules, each a cycle search:
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
 * <p>The scan feeds every type to a {@link Refs} collector as it goes, which notes the largest
 * id referenced and the types with an <em>upward</em> edge (to themselves or a later id). Ids
 * fall along every other edge, so every loop passes through an upward edge, and the search only
 * starts from those types: vmlinux has 130 000 types and forward references, but few upward
 * edges, and the search reads edges straight from the section instead of building a graph.
 * Starting from fewer roots (in the same order) finds the same first loop as starting from every
 * type: a skipped type only leads to lower ids, which a full search would have finished already
 * without finding a loop.
 *
 * <p>The search is an iterative depth-first walk with three colours, so even a chain of
 * 100 000 typedefs cannot overflow the Java stack.
 */
public final class RefChecks {
    /** Graph bits of a reference (see {@link #ref}): in the graph of rule 1, of rule 2. */
    private static final int LOOSE = 1;
    private static final int VALUE = 2;

    private RefChecks() {
    }

    /**
     * The {@code k}-th reference field (0-based, in field order) of a type record of {@code kind}
     * with {@code vlen} entries: its byte offset in the record, a multiple of 4, ORed with the
     * graphs it belongs to; -1 after the last. "Loose" edges are every reference except those
     * leaving a STRUCT or UNION (rule 1); "value" edges are the by-value ones, where pointers,
     * functions and prototypes end a chain (rule 2).
     */
    private static int ref(BtfKind kind, int vlen, int k) {
        return switch (kind) {
            case TYPEDEF, CONST, VOLATILE, RESTRICT, TYPE_TAG, VAR, DECL_TAG -> k == 0 ? 8 | LOOSE | VALUE : -1;
            case PTR, FUNC -> k == 0 ? 8 | LOOSE : -1;
            // element type, then index type
            case ARRAY -> k == 0 ? 12 | LOOSE | VALUE : k == 1 ? 16 | LOOSE : -1;
            // members: name, type, offset
            case STRUCT, UNION -> k < vlen ? (16 + 12 * k) | VALUE : -1;
            // return type, then parameters: name, type
            case FUNC_PROTO -> k <= vlen ? (8 + 8 * k) | LOOSE : -1;
            // entries: type, offset, size
            case DATASEC -> k < vlen ? (12 + 12 * k) | LOOSE | VALUE : -1;
            case VOID, INT, ENUM, ENUM64, FWD, FLOAT -> -1;
        };
    }

    /**
     * What the checks need to know from the scan, collected type by type while the scan has the
     * record at hand, so that the common case needs no second pass over the types.
     */
    static final class Refs {
        private final int[] words;
        private final int typeStart;
        private final int firstId;
        /** The largest id referenced (unsigned). */
        private long maxRef;
        /** Own indices of the types with an upward edge in the loose / by-value graph. */
        private int[] looseRoots = new int[16];
        private int[] valueRoots = new int[16];
        private int nLoose;
        private int nValue;

        /** For a type section held as {@code words}, starting at byte {@code typeStart} of the blob. */
        Refs(int[] words, int typeStart, int firstId) {
            this.words = words;
            this.typeStart = typeStart;
            this.firstId = firstId;
        }

        /** Notes the references of type {@code id}, whose record starts at byte {@code p}. */
        void type(BtfKind kind, int p, int id) {
            int w = (p - typeStart) >> 2;
            int vlen = words[w + 1] & 0xffff;
            int upward = 0;
            for (int k = 0, r; (r = ref(kind, vlen, k)) >= 0; k++) {
                long to = words[w + (r >> 2)] & 0xffffffffL;
                maxRef = Math.max(maxRef, to);
                if (to >= id) {
                    upward |= r & (LOOSE | VALUE);
                }
            }
            if ((upward & LOOSE) != 0) {
                looseRoots = add(looseRoots, nLoose++, id - firstId);
            }
            if ((upward & VALUE) != 0) {
                valueRoots = add(valueRoots, nValue++, id - firstId);
            }
        }

        private static int[] add(int[] a, int at, int v) {
            if (at == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[at] = v;
            return a;
        }
    }

    /** Checks a scanned section, with what {@code s.refs()} collected during the scan. */
    public static void check(ScannedSection s) throws BtfFormatException {
        Refs refs = s.refs();
        long count = (long) s.firstId() + s.count();
        if (refs.maxRef >= count) {
            throw badRef(s, count);
        }
        if (refs.nLoose + refs.nValue == 0) {
            return;
        }
        Search search = new Search(s);
        search.run(refs.looseRoots, refs.nLoose, LOOSE, "reference cycle without a struct or union");
        search.run(refs.valueRoots, refs.nValue, VALUE, "reference cycle by value (infinite size)");
    }

    /** The error for the first reference, in type and field order, to an id that does not exist. */
    private static BtfFormatException badRef(ScannedSection s, long count) {
        for (int i = 0; ; i++) {
            int p = s.offset(i);
            BtfKind kind = s.kind(i);
            int vlen = s.i32(p + 4) & 0xffff;
            for (int k = 0, r; (r = ref(kind, vlen, k)) >= 0; k++) {
                int to = s.i32(p + (r & ~3));
                if ((to & 0xffffffffL) >= count) {
                    return SectionScan.fail(SectionScan.TYPES, p, s.firstId() + i, kind.label() + " refers to type id "
                            + Integer.toUnsignedString(to) + ", only " + count + " ids exist");
                }
            }
        }
    }

    /**
     * The cycle searches of one section, sharing their arrays. Each search colours with its own
     * pair of values ({@link #grey}, then black {@code grey + 1}; anything lower is white), so
     * the second needs no cleared array. The walk from each root is a method of its own
     * (why: docs/performance.md).
     */
    private static final class Search {
        private final ScannedSection s;
        private final byte[] colour;
        private final int[] stackId;
        private final int[] stackEdge;
        /** Grey of the current search; {@link #run} makes it 1, then 3. */
        private byte grey = -1;

        Search(ScannedSection s) {
            this.s = s;
            int n = s.count();
            colour = new byte[n];
            stackId = new int[n];
            stackEdge = new int[n];
        }

        /** Searches the graph ({@link #LOOSE} or {@link #VALUE}) for a loop, from the given roots. */
        void run(int[] roots, int nRoots, int graph, String what) throws BtfFormatException {
            grey += 2;
            for (int r = 0; r < nRoots; r++) {
                if (colour[roots[r]] < grey) {
                    walk(roots[r], graph, what);
                }
            }
        }

        /** Walks depth-first from the white type {@code root}, blackening all it reaches. */
        private void walk(int root, int graph, String what) throws BtfFormatException {
            int sp = 0;
            stackId[sp] = root;
            stackEdge[sp] = 0;
            colour[root] = grey;
            while (sp >= 0) {
                int next = successor(s, stackId[sp], graph, stackEdge, sp);
                if (next < 0) {
                    colour[stackId[sp--]] = (byte) (grey + 1);
                } else if (colour[next] == grey) {
                    throw SectionScan.fail(SectionScan.TYPES, s.offset(next), s.firstId() + next,
                            what + ": " + describe(s, stackId, sp, next, s.firstId()));
                } else if (colour[next] < grey) {
                    colour[next] = grey;
                    stackId[++sp] = next;
                    stackEdge[sp] = 0;
                }
            }
        }
    }

    /**
     * The next successor (own index) of own type {@code i} in {@code graph}, from reference
     * {@code cursor[sp]} on, which it advances past it; -1 when there is none. References to void
     * or the base are skipped: the base was checked on its own and never points back.
     */
    private static int successor(ScannedSection s, int i, int graph, int[] cursor, int sp) {
        int p = s.offset(i);
        BtfKind kind = s.kind(i);
        int vlen = s.i32(p + 4) & 0xffff;
        for (int k = cursor[sp], r; (r = ref(kind, vlen, k)) >= 0; k++) {
            if ((r & graph) != 0) {
                int to = s.i32(p + (r & ~3)) - s.firstId();
                if (to >= 0) {
                    cursor[sp] = k + 1;
                    return to;
                }
            }
        }
        return -1;
    }

    private static String describe(ScannedSection s, int[] stackId, int sp, int start, int first) {
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
