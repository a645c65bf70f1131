/**
 * A disassembler whose output matches {@code llvm-objdump-19} for BPF objects, byte for byte.
 *
 * <p>{@link dev.ebld.inspect.objdump.Disassembler} turns instruction bytes into LLVM's text and knows
 * nothing of ELF. It follows LLVM's own decoder rather than RFC 9669: LLVM ignores some fields
 * per instruction pattern, prints {@code r11}, runs without the {@code alu32} feature (so 32-bit
 * loads, stores and atomics print as llvm-objdump prints them) and steps one byte at a time over
 * a tail too short for an instruction. {@link dev.ebld.inspect.objdump.ObjdumpPrinter} lays out whole
 * listings ({@code -d}, {@code -r}, {@code -h}, {@code -t}, {@code --no-show-raw-insn}) for an
 * {@link dev.ebld.elf.ElfObject}: symbol labels, branch-target annotations, {@code ...} for zero
 * runs, inline relocations and the {@code CO-RE} lines llvm-objdump derives from
 * {@code .BTF}/{@code .BTF.ext}.
 *
 * <p>Fidelity is checked against committed llvm-objdump-19 output for every fixture and for
 * hand-written edge cases, and against the live tool on random instruction slots when it is
 * installed. Known differences: llvm-objdump prints symbol and section names as raw bytes, while
 * the model holds them as UTF-8 strings (names that are not valid UTF-8 differ); a
 * {@code .BTF.ext} record group naming a section that does not exist is undefined behaviour in
 * llvm-objdump and skipped here. llvm-objdump's error messages on stderr (for example about a
 * truncated {@code .BTF.ext}) are not reproduced; the listing itself is.
 */
package dev.ebld.inspect.objdump;
