package dev.ebld.loader.kernel;

import java.util.Optional;

/**
 * What {@code BPF_PROG_TEST_RUN} gives back: the program's return value ({@code retval}, 32 bits
 * in the UAPI; the full r0 is kept here), the mean duration per run in nanoseconds, and the output
 * packet and context when room was given for them.
 */
public record TestRunResult(long retval, long durationNs, Optional<byte[]> dataOut,
        Optional<byte[]> ctxOut) {

    public TestRunResult {
        dataOut = dataOut.map(byte[]::clone);
        ctxOut = ctxOut.map(byte[]::clone);
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
