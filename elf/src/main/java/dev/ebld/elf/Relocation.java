package dev.ebld.elf;

/**
 * One {@code Elf64_Rel} or {@code Elf64_Rela}. BPF objects from clang use REL only; RELA is read
 * and written for completeness, with {@code addend} zero for REL.
 *
 * @param offset      {@code r_offset}, a byte offset into the target section ({@code sh_info})
 * @param symbolIndex high 32 bits of {@code r_info}
 * @param type        low 32 bits of {@code r_info}, one of the {@code R_BPF_*} constants
 * @param addend      {@code r_addend}, zero for REL
 */
public record Relocation(long offset, int symbolIndex, int type, long addend) {
    public static final int REL_SIZE = 16;
    public static final int RELA_SIZE = 24;

    public static final int R_BPF_NONE = 0;
    public static final int R_BPF_64_64 = 1;
    public static final int R_BPF_64_ABS64 = 2;
    public static final int R_BPF_64_ABS32 = 3;
    public static final int R_BPF_64_NODYLD32 = 4;
    public static final int R_BPF_64_32 = 10;

    public static Relocation rel(long offset, int symbolIndex, int type) {
        return new Relocation(offset, symbolIndex, type, 0);
    }

    /** The name llvm-readelf prints, e.g. {@code R_BPF_64_64}. */
    public static String typeName(int type) {
        return switch (type) {
            case R_BPF_NONE -> "R_BPF_NONE";
            case R_BPF_64_64 -> "R_BPF_64_64";
            case R_BPF_64_ABS64 -> "R_BPF_64_ABS64";
            case R_BPF_64_ABS32 -> "R_BPF_64_ABS32";
            case R_BPF_64_NODYLD32 -> "R_BPF_64_NODYLD32";
            case R_BPF_64_32 -> "R_BPF_64_32";
            default -> "Unknown (" + type + ")";
        };
    }

    public String typeName() {
        return typeName(type);
    }
}
