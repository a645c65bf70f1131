package dev.ebld.loader.kernel;

import java.util.Optional;

/**
 * What {@code BPF_PROG_TEST_RUN} gives back: the program's return value ({@code retval}: the low
 * 32 bits of r0, unsigned, as the UAPI's {@code __u32} carries it, so a program returning -22 gives
 * 4294967274 on every kernel behind {@link Kernel}), the mean duration per run in nanoseconds, and
 * the output packet and context when room was given for them.
 */
public record TestRunResult(long retval, long durationNs, Optional<byte[]> dataOut,
        Optional<byte[]> ctxOut) {

    public TestRunResult {
        if (retval < 0 || retval > 0xffff_ffffL) {
            throw new IllegalArgumentException("retval " + retval + " is not a u32");
        }
        dataOut = dataOut.map(byte[]::clone);
        ctxOut = ctxOut.map(byte[]::clone);
    }

    /** The result of a run whose r0 is {@code r0}: {@code retval} is its low 32 bits, unsigned. */
    public static TestRunResult ofR0(long r0, long durationNs, Optional<byte[]> dataOut,
            Optional<byte[]> ctxOut) {
        return new TestRunResult(r0 & 0xffff_ffffL, durationNs, dataOut, ctxOut);
    }

    @Override
    public Optional<byte[]> dataOut() {
        return dataOut.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> ctxOut() {
        return ctxOut.map(byte[]::clone);
    }
}
