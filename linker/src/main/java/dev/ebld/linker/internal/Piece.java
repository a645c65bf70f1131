package dev.ebld.linker.internal;

/**
 * A run of input bytes placed in an output section: bytes {@code [inStart, inStart+length)} of
 * section {@code section} of file {@code file} land at {@code outOffset}.
 */
public record Piece(int file, int section, long inStart, long length, long outOffset) {

    public boolean contains(long inOffset) {
        return inOffset >= inStart && inOffset < inStart + length;
    }
}
