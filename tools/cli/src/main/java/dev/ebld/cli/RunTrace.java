package dev.ebld.cli;

import dev.ebld.inspect.objdump.Disassembler;
import dev.ebld.insn.Insn;
import dev.ebld.loader.LoadedProgram;
import dev.ebld.loader.interp.InsnTracer;
import dev.ebld.loader.interp.ProgramImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ebld run --trace}: one line per executed instruction, in llvm-objdump's syntax (the
 * disassembler's own printer), followed by the registers the instruction changed. The tracer
 * sees an instruction before it runs, so each line is written when the next one starts (or the
 * run ends), once the changes are known.
 */
final class RunTrace implements InsnTracer {
    private static final int REGS = 11;

    /** Per loaded program (by the name the kernel knows it by): instruction by slot, null inside an ld_imm64. */
    private final Map<String, Insn[]> programs = new HashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final long[] before = new long[REGS];
    private ProgramImage last;
    private int lastPc = -1;

    RunTrace(Iterable<LoadedProgram> loaded) {
        for (LoadedProgram p : loaded) {
            List<Insn> insns = p.attr().insns();
            int slots = insns.stream().mapToInt(Insn::width).sum();
            Insn[] bySlot = new Insn[slots];
            int slot = 0;
            for (Insn i : insns) {
                bySlot[slot] = i;
                slot += i.width();
            }
            programs.put(p.attr().name(), bySlot);
        }
    }

    @Override
    public void before(ProgramImage image, int pc, long[] regs) {
        flush(regs);
        last = image;
        lastPc = pc;
        System.arraycopy(regs, 0, before, 0, REGS);
    }

    /** Ends the run: the last instruction (an exit) changed no register. */
    List<String> finish() {
        flush(before);
        last = null;
        return lines;
    }

    private void flush(long[] regs) {
        if (last == null) {
            return;
        }
        Insn[] code = programs.get(last.name());
        Insn insn = code != null && lastPc < code.length ? code[lastPc] : null;
        StringBuilder line = new StringBuilder(String.format("%s+%d:\t%-36s", last.name(), lastPc,
                insn == null ? "<unknown>" : Disassembler.text(insn)));
        String sep = "\t; ";
        for (int r = 0; r < REGS; r++) {
            if (regs[r] != before[r]) {
                line.append(sep).append('r').append(r).append(" = 0x").append(Long.toHexString(regs[r]));
                sep = ", ";
            }
        }
        lines.add(line.toString().stripTrailing());
    }
}
