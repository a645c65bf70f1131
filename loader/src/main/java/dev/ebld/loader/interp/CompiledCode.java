package dev.ebld.loader.interp;

/**
 * A {@link ProgramImage} compiled to JVM bytecode by {@link BytecodeCompiler}: one hidden class per
 * image, one static method per BPF function, and this entry point choosing among them.
 */
interface CompiledCode {

    /**
     * Runs the function of {@code img} that starts at slot {@code pc} in frame {@code depth}
     * until it exits, with the registers {@code st} holds; returns r0 (as {@code Interpreter.run}).
     */
    long run(ProgramImage img, RunState st, int pc, int depth);
}
