/**
 * libbpf's object model in Java: open a BPF object ({@link dev.ebld.loader.BpfObject#open}),
 * look at and adjust it (programs typed by their SEC() name through
 * {@link dev.ebld.loader.SectionDefs}, maps, globals through BTF), then load it into any
 * {@link dev.ebld.loader.kernel.Kernel} ({@link dev.ebld.loader.BpfObject#load}), which gives a
 * {@link dev.ebld.loader.LoadedObject} with fds, maps and typed globals.
 *
 * <p>Stages (in {@code dev.ebld.loader.internal}), each saying in its Javadoc what holds after it:
 * open = {@code BtfFixup} → {@code ExternCollector} → {@code MapCollector} →
 * {@code ProgramCollector} (relocations become {@link dev.ebld.insn.Reference}s);
 * load = {@code ObjectLoader}: byte order → {@code ExternResolver} → {@code CoreRelocator} →
 * BTF → {@code MapCreator} → {@code ProgramLinker} + {@code ProgramLoader} → prog_array slots.
 * Failures are {@link dev.ebld.loader.LoaderException}s with a kind, a location and an errno.
 */
package dev.ebld.loader;
