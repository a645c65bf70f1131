package dev.ebld.btf.dedup;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Concatenates several BTF blobs into one, the first step of merging the BTF of linker inputs:
 * input {@code k}'s type {@code id} (id &ge; 1) becomes {@code id + idOffsets[k]}; void stays 0.
 * Strings are pooled into one section, each distinct string stored once in first-use order.
 * Nothing is merged: {@link Dedup} does that afterwards.
 */
public final class Concat {
    private Concat() {
    }

    /**
     * The merged blob and where each input landed.
     *
     * @param merged        every input's types, in input order, sharing one string section
     * @param idOffsets     per input, what to add to its non-void type ids
     * @param stringOffsets the merged string section's offset of every string it holds
     */
    public record Result(Btf merged, int[] idOffsets, Map<String, Integer> stringOffsets) {
        public Result {
            idOffsets = idOffsets.clone();
        }

        @Override
        public int[] idOffsets() {
            return idOffsets.clone();
        }

        /** Input {@code input}'s type {@code id} in the merged blob. */
        public int mergedId(int input, int id) {
            return id == 0 ? 0 : id + idOffsets[input];
        }
    }

    /**
     * Concatenates {@code inputs} (base BTF, not split) in order. The result has the first input's
     * byte order (little-endian when there are none).
     */
    public static Result concat(List<Btf> inputs) {
        int total = 0;
        for (Btf in : inputs) {
            total += in.types().size();
        }
        DedupStrings strings = new DedupStrings(total);
        List<BtfType> types = new ArrayList<>(total);
        int[] offsets = new int[inputs.size()];
        for (int k = 0; k < inputs.size(); k++) {
            Btf in = inputs.get(k);
            if (in.base().isPresent()) {
                throw new IllegalArgumentException("input " + k + " is split BTF; only base BTF can be concatenated");
            }
            int shift = types.size();
            offsets[k] = shift;
            for (BtfType t : in.types()) {
                types.add(strings.rename(t, id -> id == 0 ? 0 : id + shift));
            }
        }
        ByteOrder order = inputs.isEmpty() ? ByteOrder.LITTLE_ENDIAN : inputs.get(0).byteOrder();
        Btf merged = Btf.of(types, strings.build(), order, null);
        return new Result(merged, offsets, strings.offsets());
    }
}
