package dev.ebld.elf;

/**
 * Reads and checks the 64-byte {@code Elf64_Ehdr}. Fields the model does not keep (program header
 * fields, sizes, identification padding) must hold the only values a BPF relocatable object uses,
 * so that whatever the reader accepts the writer reproduces byte for byte.
 */
final class ElfHeaderReader {
    static final int EI_CLASS = 4;
    static final int EI_DATA = 5;
    static final int EI_VERSION = 6;
    static final int EI_OSABI = 7;
    static final int EI_ABIVERSION = 8;
    static final int EI_PAD = 9;
    static final int EI_NIDENT = 16;
    static final int E_TYPE = 16;
    static final int E_MACHINE = 18;
    static final int E_VERSION = 20;
    static final int E_ENTRY = 24;
    static final int E_PHOFF = 32;
    static final int E_SHOFF = 40;
    static final int E_FLAGS = 48;
    static final int E_EHSIZE = 52;
    static final int E_PHENTSIZE = 54;
    static final int E_PHNUM = 56;
    static final int E_SHENTSIZE = 58;
    static final int E_SHNUM = 60;
    static final int E_SHSTRNDX = 62;

    static final int ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1;
    static final int ELFDATA2MSB = 2;
    static final int EV_CURRENT = 1;

    private ElfHeaderReader() {
    }

    /** Checks the header and sets the input's byte order from {@code EI_DATA}. */
    static ElfHeader read(ElfInput in) throws ElfFormatException {
        checkIdent(in);
        in.order(ElfReader.orderOf(in.u8(EI_DATA)));
        int type = in.u16(E_TYPE);
        if (type != ElfHeader.ET_REL) {
            throw in.fail(ElfReader.EHDR, E_TYPE,
                    "e_type " + type + " is not ET_REL (1): only relocatable objects are supported");
        }
        int machine = in.u16(E_MACHINE);
        if (machine != ElfHeader.EM_BPF) {
            throw in.fail(ElfReader.EHDR, E_MACHINE, "e_machine " + machine + " is not EM_BPF (247)");
        }
        int version = in.u32(E_VERSION);
        if (version != EV_CURRENT) {
            throw in.fail(ElfReader.EHDR, E_VERSION,
                    "e_version " + Integer.toUnsignedString(version) + " is not EV_CURRENT (1)");
        }
        if (in.u64(E_PHOFF) != 0 || in.u16(E_PHNUM) != 0 || in.u16(E_PHENTSIZE) != 0) {
            throw in.fail(ElfReader.EHDR, E_PHOFF,
                    "a relocatable object has no program headers, but e_phoff/e_phnum/"
                    + "e_phentsize are not all 0");
        }
        int ehsize = in.u16(E_EHSIZE);
        if (ehsize != ElfHeader.EHDR_SIZE) {
            throw in.fail(ElfReader.EHDR, E_EHSIZE, "e_ehsize " + ehsize + " is not 64");
        }
        int shentsize = in.u16(E_SHENTSIZE);
        if (shentsize != ElfHeader.SHDR_SIZE) {
            throw in.fail(ElfReader.EHDR, E_SHENTSIZE, "e_shentsize " + shentsize + " is not 64");
        }
        return new ElfHeader(ElfReader.orderOf(in.u8(EI_DATA)), in.u8(EI_OSABI),
                in.u8(EI_ABIVERSION), type, machine, in.u64(E_ENTRY), in.u32(E_FLAGS));
    }

    private static void checkIdent(ElfInput in) throws ElfFormatException {
        if (in.length() < ElfHeader.EHDR_SIZE) {
            throw in.fail(ElfReader.EHDR, in.length(), "file is " + in.length()
                    + " bytes, shorter than the 64-byte ELF header");
        }
        if (in.u8(0) != 0x7f || in.u8(1) != 'E' || in.u8(2) != 'L' || in.u8(3) != 'F') {
            throw in.fail(ElfReader.EHDR, 0, "bad magic: not an ELF file");
        }
        int cls = in.u8(EI_CLASS);
        if (cls != ELFCLASS64) {
            throw in.fail(ElfReader.EHDR, EI_CLASS,
                    "EI_CLASS " + cls + " is not ELFCLASS64 (2): BPF objects are 64-bit");
        }
        int data = in.u8(EI_DATA);
        if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
            throw in.fail(ElfReader.EHDR, EI_DATA,
                    "EI_DATA " + data + " is neither ELFDATA2LSB (1) nor ELFDATA2MSB (2)");
        }
        int version = in.u8(EI_VERSION);
        if (version != EV_CURRENT) {
            throw in.fail(ElfReader.EHDR, EI_VERSION, "EI_VERSION " + version + " is not EV_CURRENT (1)");
        }
        for (int i = EI_PAD; i < EI_NIDENT; i++) {
            if (in.u8(i) != 0) {
                throw in.fail(ElfReader.EHDR, i, "e_ident padding byte " + i + " is not zero");
            }
        }
    }
}
