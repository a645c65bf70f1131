package dev.ebld.inspect.objdump;

/**
 * The llvm-objdump flags ebld implements.
 *
 * @param disassemble    {@code -d}
 * @param relocations    {@code -r}: inline under instructions with {@code -d}, else a table
 * @param sectionHeaders {@code -h}
 * @param symbolTable    {@code -t}
 * @param showRawInsn    false for {@code --no-show-raw-insn}
 */
public record ObjdumpOptions(boolean disassemble, boolean relocations, boolean sectionHeaders,
                             boolean symbolTable, boolean showRawInsn) {

    /** Options from llvm-objdump style flags, e.g. {@code "-d", "-r"} or {@code "-dr"}. */
    public static ObjdumpOptions parse(String... flags) {
        boolean d = false;
        boolean r = false;
        boolean h = false;
        boolean t = false;
        boolean raw = true;
        for (String f : flags) {
            if (f.equals("--no-show-raw-insn")) {
                raw = false;
            } else if (f.equals("--disassemble")) {
                d = true;
            } else if (f.equals("--reloc")) {
                r = true;
            } else if (f.equals("--section-headers") || f.equals("--headers")) {
                h = true;
            } else if (f.equals("--syms")) {
                t = true;
            } else if (f.startsWith("-") && !f.startsWith("--") && f.length() > 1) {
                for (char c : f.substring(1).toCharArray()) {
                    switch (c) {
                        case 'd' -> d = true;
                        case 'r' -> r = true;
                        case 'h' -> h = true;
                        case 't' -> t = true;
                        default -> throw new IllegalArgumentException("unknown flag -" + c);
                    }
                }
            } else {
                throw new IllegalArgumentException("unknown flag " + f);
            }
        }
        return new ObjdumpOptions(d, r, h, t, raw);
    }
}
