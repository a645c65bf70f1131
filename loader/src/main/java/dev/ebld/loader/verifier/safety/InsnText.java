package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.Alu;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Load;
import dev.ebld.insn.Source;
import dev.ebld.insn.Store;
import dev.ebld.insn.StoreImm;

/** One instruction as the kernel's verifier log prints it: {@code (bf) r6 = r1}. */
final class InsnText {
    private InsnText() {
    }

    static String of(Insn in) {
        String op = String.format("(%02x) ", in.slots().get(0).opcode());
        return op + switch (in.kind()) {
            case ALU -> {
                Alu a = (Alu) in;
                String d = a.alu64() ? a.dst().r() : a.dst().w();
                String src = a.source() == Source.X ? (a.alu64() ? a.src().r() : a.src().w())
                        : Integer.toString(a.imm());
                yield d + " " + a.op().operator() + " " + src;
            }
            case LOAD -> {
                Load l = (Load) in;
                yield l.dst().r() + " = *(" + l.size().unsignedName() + " *)(" + l.src().r() + " "
                        + signed(l.off()) + ")";
            }
            case STORE -> {
                Store x = (Store) in;
                yield "*(" + x.size().unsignedName() + " *)(" + x.dst().r() + " " + signed(x.off())
                        + ") = " + x.src().r();
            }
            case STORE_IMM -> {
                StoreImm x = (StoreImm) in;
                yield "*(" + x.size().unsignedName() + " *)(" + x.dst().r() + " " + signed(x.off())
                        + ") = " + x.imm();
            }
            case COND_JUMP -> {
                Jump.Cond c = (Jump.Cond) in;
                String d = c.jmp32() ? c.dst().w() : c.dst().r();
                String src = c.source() == Source.X ? (c.jmp32() ? c.src().w() : c.src().r())
                        : "0x" + Integer.toHexString(c.imm());
                yield "if " + d + " " + c.op().operator() + " " + src + " goto pc" + signed(c.off());
            }
            case GOTO -> "goto pc" + signed(((Jump.Goto) in).off());
            case CALL -> {
                Jump.Call c = (Jump.Call) in;
                yield switch (c.target()) {
                    case HELPER -> "call " + Helpers.name(c.imm()).orElse("unknown") + "#" + c.imm();
                    case LOCAL -> "call pc" + signed(c.imm());
                    case KFUNC -> "call kernel-function#" + c.imm();
                    case DYNAMIC -> "call dynamic#" + c.imm() + " fd_array[" + c.off() + "]";
                };
            }
            case EXIT -> "exit";
            case LD_IMM64 -> {
                LdImm64 l = (LdImm64) in;
                yield l.dst().r() + " = 0x" + Long.toHexString(l.imm());
            }
            case ENDIAN, GOTOL, MAY_GOTO, CALLX, ATOMIC, PACKET_LOAD, UNKNOWN -> in.kind().name().toLowerCase();
        };
    }

    private static String signed(int v) {
        return v < 0 ? "-" + (-v) : "+" + v;
    }
}
