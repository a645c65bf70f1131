package dev.ebld.elf;

import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;

/**
 * A BPF ELF object that cannot be read: truncated, out of range, wrong class or machine, or
 * internally inconsistent. It always names the file, the structure being read (for example
 * {@code section 7 (.relxdp) entry 3}) and the byte offset in the file.
 */
public final class ElfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String structure;
    private final long offset;
    private final String reason;

    public ElfFormatException(String file, String structure, long offset, String reason) {
        super(file + ": " + structure + " at offset 0x" + Long.toHexString(offset) + ": " + reason);
        this.file = file;
        this.structure = structure;
        this.offset = offset;
        this.reason = reason;
    }

    /** The file name as given to the reader. */
    public String file() {
        return file;
    }

    /** The structure being read, e.g. {@code ELF header} or {@code section 3 (.symtab) entry 12}. */
    public String structure() {
        return structure;
    }

    /** The byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }

    /**
     * The same problem as a diagnostic of kind {@code elf-format}. Its location is the file alone:
     * the offset here is a file offset, not one within a section, so it stays in the message.
     */
    public Diagnostic toDiagnostic() {
        return Diagnostic.error(ElfDiagnosticKind.ELF_FORMAT, Location.file(file),
                structure + " at offset 0x" + Long.toHexString(offset) + ": " + reason);
    }

    /** The reason alone, without location. */
    public String reason() {
        return reason;
    }
}
