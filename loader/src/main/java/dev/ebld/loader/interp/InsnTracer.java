package dev.ebld.loader.interp;

/**
 * Watches an {@link Interpreter} run, one call before each instruction it executes (for
 * {@code ebld run --trace}). The registers are the live array: read them, never write them.
 * A tracer slows every instruction down; the interpreter without one pays a null check.
 */
@FunctionalInterface
public interface InsnTracer {

    /** {@code image} is about to execute the instruction at slot {@code pc} with registers {@code regs}. */
    void before(ProgramImage image, int pc, long[] regs);
}
