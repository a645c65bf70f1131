package dev.ebld.loader.interp;

/**
 * Runs a {@link ProgramImage}. The interpreter is the one implementation today; a compiler to
 * JVM bytecode can replace it behind this interface without the kernel noticing.
 */
public interface Executor {

    /**
     * Runs {@code image} from slot 0 with the registers {@code st} holds (r1 the context, r10 is
     * set here) and returns r0. The only exception that may escape is a {@link RunFault}.
     */
    long execute(ProgramImage image, RunState st);
}
