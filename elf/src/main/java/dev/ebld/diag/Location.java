package dev.ebld.diag;

/**
 * Where something is: a file, optionally a section and a byte offset in it, optionally a symbol.
 * Printed the way lld prints locations: {@code a.o:(xdp+0x28)}, {@code a.o:(xdp+0x28) in foo}.
 *
 * @param file    file name as the user gave it (archive members as {@code lib.a(member.o)})
 * @param section section name, or null when the location is the file as a whole
 * @param offset  byte offset in the section, or -1 when unknown
 * @param symbol  the symbol involved, or null
 */
public record Location(String file, String section, long offset, String symbol) {

    public static Location file(String file) {
        return new Location(file, null, -1, null);
    }

    public static Location at(String file, String section, long offset) {
        return new Location(file, section, offset, null);
    }

    public Location withSymbol(String sym) {
        return new Location(file, section, offset, sym);
    }

    /** {@code file:(section+0xoff)}, {@code file:(section)} or {@code file}. */
    public String format() {
        StringBuilder sb = new StringBuilder(file);
        if (section != null) {
            sb.append(":(").append(section);
            if (offset >= 0) {
                sb.append("+0x").append(Long.toHexString(offset));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
