/**
 * The eBPF instruction codec: RFC 9669 plus what clang-19 emits for {@code -mcpu=v4}. Nothing here
 * knows about ELF; callers hand in section bytes and a byte order.
 *
 * <h2>Slot layout</h2>
 * Every instruction is one or two 8-byte slots. A slot holds, in file order:
 * <pre>
 *  byte 0     opcode
 *  byte 1     registers: dst and src nibbles
 *  bytes 2-3  offset, signed 16 bits, in the object's byte order
 *  bytes 4-7  imm, signed 32 bits, in the object's byte order
 * </pre>
 * The register byte depends on the byte order: little-endian objects keep {@code dst} in the low
 * nibble and {@code src} in the high one; big-endian objects swap them ({@code dst} high). This
 * was checked against {@code llvm-objdump-19} on {@code -target bpfeb} objects.
 *
 * <h2>Opcode byte</h2>
 * The low three bits are the class: LD 0, LDX 1, ST 2, STX 3, ALU 4, JMP 5, JMP32 6, ALU64 7.
 * <pre>
 *  ALU, ALU64, JMP, JMP32:  | op (4 bits) | source (1 bit: K=0 imm, X=1 reg) | class (3) |
 *  LD, LDX, ST, STX:        | mode (3 bits) | size (2 bits) | class (3) |
 * </pre>
 * Sizes: W 0x00, H 0x08, B 0x10, DW 0x18. Modes: IMM 0x00, ABS 0x20, IND 0x40, MEM 0x60,
 * MEMSX 0x80, ATOMIC 0xc0. The offset field further selects sdiv/smod (1), movsx (8/16/32) and
 * {@code addr_space_cast} (1 on MOV X); the imm field selects the atomic operation and the
 * byte-swap width.
 *
 * <h2>Model</h2>
 * {@link dev.ebld.insn.Insn} is a sealed family of records. Decoding is strict: a slot whose
 * reserved fields are not zero, or whose opcode RFC 9669 does not define, decodes to
 * {@link dev.ebld.insn.Unknown}, which keeps the raw fields and re-encodes identically. So
 * {@code encode(decode(bytes)) == bytes} for any input whose length is a multiple of 8.
 */
package dev.ebld.insn;
