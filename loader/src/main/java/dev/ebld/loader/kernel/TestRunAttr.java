package dev.ebld.loader.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code BPF_PROG_TEST_RUN}'s attributes. Which fields a program type accepts follows the kernel
 * (for example XDP needs {@code dataIn} of at least an Ethernet header; raw_tp and syscall
 * programs refuse {@code repeat}); a field a type does not accept is {@code EINVAL}.
 *
 * @param dataOutSize room for the output packet; 0 for none
 * @param ctxOutSize room for the output context; 0 for none
 */
public record TestRunAttr(Optional<byte[]> dataIn, int dataOutSize, Optional<byte[]> ctxIn,
        int ctxOutSize, int repeat, int flags, int cpu) {

    public TestRunAttr {
        Objects.requireNonNull(dataIn, "dataIn");
        Objects.requireNonNull(ctxIn, "ctxIn");
        dataIn = dataIn.map(byte[]::clone);
        ctxIn = ctxIn.map(byte[]::clone);
        if (dataOutSize < 0 || ctxOutSize < 0 || repeat < 0) {
            throw new IllegalArgumentException("negative size or repeat");
        }
    }

    /** A run on one packet, with room for the packet that comes out. */
    public static TestRunAttr packet(byte[] data) {
        return new TestRunAttr(Optional.of(data), data.length + 4096, Optional.empty(), 0, 0, 0,
                0);
    }

    @Override
    public Optional<byte[]> dataIn() {
        return dataIn.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> ctxIn() {
        return ctxIn.map(byte[]::clone);
    }
}
