package dev.ebld.elf;

/**
 * One {@code Elf64_Sym}. {@code info} and {@code other} are kept whole so that reserved bits
 * survive a round trip; the accessors split them.
 *
 * @param name       resolved through the linked string table
 * @param nameOffset {@code st_name}
 * @param info       {@code st_info}: binding in the high nibble, type in the low
 * @param other      {@code st_other}: visibility in the low two bits
 * @param shndx      {@code st_shndx}, 16 bits unsigned (see {@link #SHN_UNDEF} and friends)
 * @param value      {@code st_value}
 * @param size       {@code st_size}
 */
public record ElfSymbol(String name, int nameOffset, int info, int other, int shndx, long value,
                        long size) {
    public static final int ENTRY_SIZE = 24;

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;

    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;

    public static final int STV_DEFAULT = 0;
    public static final int STV_INTERNAL = 1;
    public static final int STV_HIDDEN = 2;
    public static final int STV_PROTECTED = 3;

    public static final int SHN_UNDEF = 0;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;
    public static final int SHN_XINDEX = 0xffff;

    public static ElfSymbol of(String name, int nameOffset, int bind, int type, int visibility,
                               int shndx, long value, long size) {
        return new ElfSymbol(name, nameOffset, (bind << 4) | (type & 0xf), visibility & 0x3, shndx,
                value, size);
    }

    public int bind() {
        return (info >>> 4) & 0xf;
    }

    public int type() {
        return info & 0xf;
    }

    public int visibility() {
        return other & 0x3;
    }

    public boolean isUndefined() {
        return shndx == SHN_UNDEF;
    }

    public boolean isLocal() {
        return bind() == STB_LOCAL;
    }

    public boolean isWeak() {
        return bind() == STB_WEAK;
    }

    public static String bindName(int bind) {
        return switch (bind) {
            case STB_LOCAL -> "LOCAL";
            case STB_GLOBAL -> "GLOBAL";
            case STB_WEAK -> "WEAK";
            default -> "<unknown>: " + bind;
        };
    }

    public static String typeName(int type) {
        return switch (type) {
            case STT_NOTYPE -> "NOTYPE";
            case STT_OBJECT -> "OBJECT";
            case STT_FUNC -> "FUNC";
            case STT_SECTION -> "SECTION";
            case STT_FILE -> "FILE";
            default -> "<unknown>: " + type;
        };
    }

    public static String visibilityName(int vis) {
        return switch (vis) {
            case STV_DEFAULT -> "DEFAULT";
            case STV_INTERNAL -> "INTERNAL";
            case STV_HIDDEN -> "HIDDEN";
            default -> "PROTECTED";
        };
    }
}
