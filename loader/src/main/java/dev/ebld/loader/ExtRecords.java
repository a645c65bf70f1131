package dev.ebld.loader;

/**
 * {@code .BTF.ext} records re-based on one function: {@code slot} counts 8-byte instruction
 * slots from the start of the code the record belongs to (the object file counts bytes from the
 * section start). Moving code moves these by adding to {@code slot}, as libbpf's
 * {@code adjust_prog_btf_ext_info} does.
 */
public final class ExtRecords {
    private ExtRecords() {
    }

    /** A func_info: the function at {@code slot} has BTF FUNC {@code typeId}. */
    public record Func(int slot, int typeId) {
        public Func at(int newSlot) {
            return new Func(newSlot, typeId);
        }
    }

    /** A line_info: the instruction at {@code slot} comes from this source line. */
    public record Line(int slot, int fileNameOff, int lineOff, int lineCol) {
        public Line at(int newSlot) {
            return new Line(newSlot, fileNameOff, lineOff, lineCol);
        }
    }

    /** A CO-RE relocation of the instruction at {@code slot}. */
    public record Core(int slot, int typeId, String accessStr, int kind) {
        public Core at(int newSlot) {
            return new Core(newSlot, typeId, accessStr, kind);
        }
    }
}
