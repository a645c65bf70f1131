/**
 * Loads BPF objects into a kernel behind a bpf(2)-shaped interface: the object model and
 * relocation ({@code dev.ebld.loader}), the {@code Kernel} interface and its typed handles
 * ({@code dev.ebld.loader.kernel}), the verifier seam ({@code dev.ebld.loader.verifier}) and the
 * simulated kernel, the embedded default ({@code dev.ebld.loader.sim}). Uses elf and btf, never
 * the linker.
 */
module dev.ebld.loader {
    requires transitive dev.ebld.btf;
    requires org.objectweb.asm;

    exports dev.ebld.loader;
    exports dev.ebld.loader.kernel;
    exports dev.ebld.loader.verifier;
    exports dev.ebld.loader.interp;
    exports dev.ebld.loader.sim;

    // Kernel backends compiled for a newer Java (the real Linux kernel) are found by name.
    uses dev.ebld.loader.kernel.KernelProvider;
}
