/**
 * The ELF64 container for BPF relocatable objects: a validating reader, an immutable model and a
 * writer. Nothing here knows about instructions or BTF; those live in {@code dev.ebld.insn} and the
 * {@code btf} module and read section bytes handed to them.
 */
package dev.ebld.elf;
