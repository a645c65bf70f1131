/**
 * A disassembler whose output matches {@code llvm-objdump-19} for BPF objects.
 * {@link dev.ebld.disasm.Disassembler} turns instruction bytes into LLVM's text and knows nothing
 * of ELF; {@link dev.ebld.disasm.ObjdumpPrinter} lays out whole listings ({@code -d}, {@code -r},
 * {@code -h}, {@code -t}) for an {@link dev.ebld.elf.ElfObject}.
 */
package dev.ebld.disasm;
