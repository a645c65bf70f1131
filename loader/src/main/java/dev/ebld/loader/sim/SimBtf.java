package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.loader.kernel.Fd;

/** A loaded BTF object ({@code BPF_BTF_LOAD}): its raw bytes and what they parse to. */
final class SimBtf extends KernelObject {
    final byte[] raw;
    final Btf btf;
    final boolean kernel;

    SimBtf(int id, byte[] raw, Btf btf, boolean kernel) {
        super(Fd.Kind.BTF, id);
        this.raw = raw.clone();
        this.btf = btf;
        this.kernel = kernel;
    }

    @Override
    void freed(SimKernel k) {
        // Holds nothing else.
    }
}
