package dev.ebld.loader.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;

/** The field shapes of the UAPI structs: {@code __u32}, {@code __aligned_u64}, {@code char[16]}. */
final class Layouts {
    private Layouts() {
    }

    static MemoryLayout u32(String name) {
        return ValueLayout.JAVA_INT.withName(name);
    }

    /** {@code __u64} and {@code __aligned_u64}; a pointer travels as one. */
    static MemoryLayout u64(String name) {
        return ValueLayout.JAVA_LONG.withName(name);
    }

    /** {@code char name[BPF_OBJ_NAME_LEN]} (16) or {@code __u8 tag[BPF_TAG_SIZE]} (8). */
    static MemoryLayout bytes(String name, int size) {
        return MemoryLayout.sequenceLayout(size, ValueLayout.JAVA_BYTE).withName(name);
    }

    /** An unnamed hole the C compiler leaves before an 8-byte-aligned field. */
    static MemoryLayout pad(int size) {
        return MemoryLayout.paddingLayout(size);
    }
}
