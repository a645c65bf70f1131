/**
 * The ELF64 container for BPF relocatable objects: a validating reader, an immutable model and a
 * writer. Nothing here knows about instructions or BTF; those live in {@code dev.ebld.insn} and the
 * {@code btf} module and read section bytes handed to them.
 *
 * <p>Entry points: {@link dev.ebld.elf.ElfReader} (bytes or file to {@link dev.ebld.elf.ElfObject},
 * validating everything once and throwing only {@link dev.ebld.elf.ElfFormatException});
 * {@link dev.ebld.elf.ElfWriter} (model to bytes, byte-identical for objects read unchanged, atomic
 * when writing a file); {@link dev.ebld.elf.ElfBuilder} for objects made in
 * code. Helpers shared with the project's other modules (string tables, atomic file writes) live
 * in {@code dev.ebld.elf.internal}, exported only to those modules.
 */
package dev.ebld.elf;
