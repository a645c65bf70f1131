package dev.ebld.btf.dedup;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * BTF deduplication, as a linker needs it after concatenating its inputs' BTF
 * ({@link Concat#concat}). libbpf's {@code btf__dedup} algorithm, rewritten: the output is byte
 * for byte libbpf 1.1's on every multi-file fixture and on vmlinux appended to itself (tested
 * against libbpf.so when it is installed).
 *
 * <h2>The problem</h2>
 * Each compilation unit carries a full description of every type it uses, so after
 * concatenation {@code int}, {@code struct xdp_md} and every pointer to them appear once per
 * input. Equal-looking types must become one type, and types that only <em>look</em> different
 * because one input saw {@code struct foo;} (a FWD) where another saw the full definition must
 * merge too. What makes it hard is that types refer to each other in cycles
 * ({@code struct list { struct list *next; }}): "equal" cannot be decided leaves first.
 *
 * <h2>The passes</h2>
 * Every type gets a canonical representative, kept in {@code map} ({@link DedupState}):
 * <ol>
 * <li><b>Primitives</b> (INT, FLOAT, FWD, ENUM, ENUM64) refer to nothing; a hash of all their
 *     fields finds an earlier equal type. A forward-declared enum (no values) merges with the
 *     full enum of its name.</li>
 * <li><b>Structs and unions</b> ({@link DedupEquiv}): candidates share a shallow signature
 *     (name, size, member names and offsets, plus a few levels of each member type's shape that
 *     no merge can change, which keeps look-alike anonymous unions apart without a walk each;
 *     libbpf hashes less and walks more). A candidate is accepted when a side-by-side walk
 *     of both type graphs, through members, pointers, arrays and prototypes, finds them
 *     isomorphic under a hypothetical one-to-one mapping; a pair met again is a cycle and
 *     agrees; so do identical copies of one array or struct that the compiler sometimes emits
 *     twice in one input. A FWD on one side matches a struct or union of its name and kind on
 *     the other: this is how two structs whose members differ only by a forward declaration
 *     merge, and the FWD is resolved to the full type for good.</li>
 * <li><b>Leftover forward declarations</b> resolve to the one struct or union of their name,
 *     when exactly one exists.</li>
 * <li><b>Reference types</b> ({@link DedupRefs}): every type cycle passes through a struct
 *     or union, all settled now, so pointers, typedefs, qualifiers, arrays, prototypes and
 *     functions are settled bottom-up: rewrite references to canonical ids, then hash every
 *     field. VARs and DATASECs are never merged: they name distinct storage.</li>
 * <li><b>Compaction</b>: canonical types keep their relative order and are numbered from 1,
 *     so ids are deterministic and follow first occurrence; {@code idMap} sends every old id
 *     to the new id of its representative. Strings are rebuilt from the surviving types only,
 *     each once, in first-use order.</li>
 * </ol>
 * Hash tables only index candidates, which are tried in insertion order, so the output never
 * depends on hash layout. Work is close to linear: once two graphs matched, every composite met
 * on the way is mapped, and later walks stop at the first already-equal pair.
 *
 * <h2>Rejected ideas</h2>
 * Partition refinement (minimising the type graph as an automaton) finds the coarsest
 * equivalence, but cannot express FWD resolution, which is not an equivalence (a FWD matches
 * several structs of one name until one is chosen). Recursion for the walks overflows the Java
 * stack on kernel BTF, hence explicit stacks. Split BTF is not supported: a linker merges
 * base BTF only.
 */
public final class Dedup {
    private Dedup() {
    }

    /** Deduplicates {@code btf} (base BTF). */
    public static DedupResult dedup(Btf btf) {
        return dedup(btf, List.of());
    }

    /**
     * Deduplicates {@code btf} (base BTF); {@code keepStrings} are added to the new string section
     * after the types' strings, e.g. the file names and source lines .BTF.ext refers to
     * ({@link DedupExt#strings}).
     */
    public static DedupResult dedup(Btf btf, Collection<String> keepStrings) {
        if (btf.base().isPresent()) {
            throw new IllegalArgumentException("split BTF cannot be deduplicated on its own");
        }
        DedupState s = new DedupState(btf);
        s.dedupPrimitives();
        // Now every primitive has its canonical representative.
        new DedupEquiv(s).dedupComposites();
        // Now every struct and union has one, and so have the FWDs a graph walk resolved.
        s.resolveForwards();
        new DedupRefs(s).dedupReferences();
        // Now every type has one; VARs and DATASECs stand for themselves.
        return compact(btf, s, keepStrings);
    }

    private static DedupResult compact(Btf btf, DedupState s, Collection<String> keepStrings) {
        int n = s.size();
        int[] newId = new int[n];
        int next = 1;
        for (int id = 1; id < n; id++) {
            newId[id] = s.map[id] == id ? next++ : -1;
        }
        // One pass both maps every old id and renames the survivors: a reference is mapped
        // through its representative directly, so it may point past the current id.
        IntUnaryOperator ids = r -> newId[s.resolve(r)];
        int[] idMap = new int[n];
        DedupStrings strings = new DedupStrings(next + keepStrings.size());
        List<BtfType> out = new ArrayList<>(next - 1);
        for (int id = 1; id < n; id++) {
            idMap[id] = newId[s.resolve(id)];
            if (idMap[id] < 0) {
                throw new IllegalStateException("type [" + id + "] was left without a representative");
            }
            if (s.map[id] == id) {
                out.add(strings.rename(s.types[id], ids));
            }
        }
        for (String k : keepStrings) {
            strings.add(k);
        }
        Btf result = Btf.of(out, strings.build(), btf.byteOrder(), null);
        return new DedupResult(result, idMap, strings.offsets());
    }
}
