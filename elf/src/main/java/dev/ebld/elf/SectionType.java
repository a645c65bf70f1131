package dev.ebld.elf;

/** Constants for {@code sh_type} and {@code sh_flags}. Unknown types are kept as plain ints. */
public final class SectionType {
    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_LLVM_ADDRSIG = 0x6fff4c03;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final long SHF_MERGE = 0x10;
    public static final long SHF_STRINGS = 0x20;
    public static final long SHF_INFO_LINK = 0x40;
    public static final long SHF_EXCLUDE = 0x80000000L;

    private SectionType() {
    }

    /** The conventional name, e.g. {@code PROGBITS}, or {@code 0x...} for unknown types. */
    public static String name(int type) {
        return switch (type) {
            case SHT_NULL -> "NULL";
            case SHT_PROGBITS -> "PROGBITS";
            case SHT_SYMTAB -> "SYMTAB";
            case SHT_STRTAB -> "STRTAB";
            case SHT_RELA -> "RELA";
            case SHT_NOBITS -> "NOBITS";
            case SHT_REL -> "REL";
            case SHT_LLVM_ADDRSIG -> "LLVM_ADDRSIG";
            default -> "0x" + Integer.toHexString(type);
        };
    }
}
