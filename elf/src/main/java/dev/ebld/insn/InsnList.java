package dev.ebld.insn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable program in the making: instructions with, per instruction, an optional symbolic
 * {@link Reference} and an optional symbol that labels it (a function's first instruction).
 * Positions are instruction indexes; {@link #slotOffset(int)} converts to the 8-byte slots the
 * kernel counts, which differ once an {@code ld_imm64} (two slots) precedes.
 *
 * <p>After {@link #resolve(Resolver)} every reference is a number: subprogram references are
 * resolved here, from the labels, and everything else by the caller's resolver.
 */
public final class InsnList {
    private final List<Insn> insns;
    private final Map<Integer, Reference> refs;
    private final Map<Integer, String> labels;
    private final int[] slots;

    private InsnList(List<Insn> insns, Map<Integer, Reference> refs, Map<Integer, String> labels) {
        this.insns = List.copyOf(insns);
        this.refs = Map.copyOf(refs);
        this.labels = Map.copyOf(labels);
        this.slots = new int[this.insns.size() + 1];
        for (int i = 0; i < this.insns.size(); i++) {
            slots[i + 1] = slots[i] + this.insns.get(i).width();
        }
    }

    /** Plain instructions with neither references nor labels. */
    public static InsnList of(List<? extends Insn> insns) {
        return new InsnList(new ArrayList<>(insns), Map.of(), Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return insns.size();
    }

    public Insn insn(int index) {
        return insns.get(index);
    }

    public List<Insn> insns() {
        return insns;
    }

    public Optional<Reference> reference(int index) {
        return Optional.ofNullable(refs.get(index));
    }

    /** Instruction index to reference, for every referring instruction. */
    public Map<Integer, Reference> references() {
        return refs;
    }

    public Optional<String> label(int index) {
        return Optional.ofNullable(labels.get(index));
    }

    /** Instruction index to symbol, for every labelled instruction. */
    public Map<Integer, String> labels() {
        return labels;
    }

    /** Slot offset of instruction {@code index}; {@code index == size()} gives the total length. */
    public int slotOffset(int index) {
        return slots[index];
    }

    public int slotCount() {
        return slots[insns.size()];
    }

    /** The instruction starting at {@code slot}, or -1 if none does (mid-ld_imm64 or outside). */
    public int indexAtSlot(int slot) {
        if (slot < 0 || slot > slotCount()) {
            return -1;
        }
        int lo = 0;
        int hi = insns.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (slots[mid] < slot) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < insns.size() && slots[lo] == slot ? lo : -1;
    }

    /** The index labelled {@code symbol}, if any. */
    public Optional<Integer> indexOf(String symbol) {
        for (Map.Entry<Integer, String> e : labels.entrySet()) {
            if (e.getValue().equals(symbol)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The same list with instruction {@code index} replaced; its reference and label stay. */
    public InsnList with(int index, Insn insn) {
        List<Insn> copy = new ArrayList<>(insns);
        copy.set(index, Objects.requireNonNull(insn, "insn"));
        return new InsnList(copy, refs, labels);
    }

    /** The same list with instruction {@code index} replaced and its reference dropped. */
    public InsnList resolved(int index, Insn insn) {
        List<Insn> copy = new ArrayList<>(insns);
        copy.set(index, Objects.requireNonNull(insn, "insn"));
        Map<Integer, Reference> r = new HashMap<>(refs);
        r.remove(index);
        return new InsnList(copy, r, labels);
    }

    /** This list followed by {@code tail}, whose references and labels move with it. */
    public InsnList append(InsnList tail) {
        List<Insn> all = new ArrayList<>(insns);
        all.addAll(tail.insns);
        Map<Integer, Reference> r = new HashMap<>(refs);
        tail.refs.forEach((i, ref) -> r.put(i + insns.size(), ref));
        Map<Integer, String> l = new HashMap<>(labels);
        tail.labels.forEach((i, s) -> l.put(i + insns.size(), s));
        return new InsnList(all, r, l);
    }

    /** Instructions {@code from} (inclusive) to {@code to} (exclusive), re-indexed from 0. */
    public InsnList slice(int from, int to) {
        Map<Integer, Reference> r = new HashMap<>();
        refs.forEach((i, ref) -> {
            if (i >= from && i < to) {
                r.put(i - from, ref);
            }
        });
        Map<Integer, String> l = new HashMap<>();
        labels.forEach((i, s) -> {
            if (i >= from && i < to) {
                l.put(i - from, s);
            }
        });
        return new InsnList(insns.subList(from, to), r, l);
    }

    /**
     * Turns every reference into a number. A {@link Reference.Subprog} becomes the slot distance
     * to its label minus one (the encoding of {@code call pc+imm} and {@code BPF_PSEUDO_FUNC});
     * the others go to {@code resolver}.
     *
     * @throws UnresolvedReferenceException when a subprogram label is missing
     */
    public List<Insn> resolve(Resolver resolver) {
        List<Insn> out = new ArrayList<>(insns);
        for (Map.Entry<Integer, Reference> e : refs.entrySet()) {
            int i = e.getKey();
            out.set(i, resolveOne(i, e.getValue(), resolver));
        }
        return Collections.unmodifiableList(out);
    }

    private Insn resolveOne(int index, Reference ref, Resolver resolver) {
        Insn insn = insns.get(index);
        if (ref.kind() != Reference.Kind.SUBPROG) {
            return resolver.resolve(insn, ref, slotOffset(index));
        }
        int target = indexOf(ref.name()).orElseThrow(() -> new UnresolvedReferenceException(
                ref, slotOffset(index), "no instruction is labelled " + ref.name()));
        int distance = slotOffset(target) - slotOffset(index) - 1;
        if (insn instanceof Jump.Call c) {
            return c.withImm(distance);
        }
        if (insn instanceof LdImm64 ld) {
            return new LdImm64(ld.dst(), PseudoSrc.FUNC, distance);
        }
        throw new UnresolvedReferenceException(ref, slotOffset(index),
                "a subprogram reference on " + insn.kind() + ", not a call or ld_imm64");
    }

    /** Gives the number for one non-subprogram reference. */
    @FunctionalInterface
    public interface Resolver {
        /** The instruction {@code insn} (at {@code slot}) with {@code ref} replaced by a number. */
        Insn resolve(Insn insn, Reference ref, int slot);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InsnList l && insns.equals(l.insns) && refs.equals(l.refs)
                && labels.equals(l.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(insns, refs, labels);
    }

    @Override
    public String toString() {
        return "InsnList[" + insns.size() + " insns, " + refs.size() + " refs, " + labels + "]";
    }

    /** Collects instructions with their references and labels, in order. */
    public static final class Builder {
        private final List<Insn> insns = new ArrayList<>();
        private final Map<Integer, Reference> refs = new HashMap<>();
        private final Map<Integer, String> labels = new HashMap<>();

        public Builder add(Insn insn) {
            insns.add(Objects.requireNonNull(insn, "insn"));
            return this;
        }

        public Builder add(Insn insn, Reference ref) {
            refs.put(insns.size(), Objects.requireNonNull(ref, "ref"));
            return add(insn);
        }

        /** Labels the next instruction added. */
        public Builder label(String symbol) {
            labels.put(insns.size(), Objects.requireNonNull(symbol, "symbol"));
            return this;
        }

        public InsnList build() {
            return new InsnList(insns, refs, labels);
        }
    }
}
