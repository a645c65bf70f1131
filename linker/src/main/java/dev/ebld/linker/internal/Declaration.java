package dev.ebld.linker.internal;

import dev.ebld.elf.ElfSymbol;

/**
 * One file's declaration of a global name: a strong or weak definition, or an extern.
 *
 * @param file     the declaring file's {@link InputFile#order()}
 * @param symIndex index in that file's symbol table
 * @param symbol   the entry itself
 * @param kind     strong definition, weak definition or undefined
 * @param space    the name space: {@code ""} for ordinary symbols, {@code .maps}, {@code .kconfig}
 *                 or {@code .ksyms}; see {@link NameSpaces}
 */
public record Declaration(int file, int symIndex, ElfSymbol symbol, Kind kind, String space) {

    /** Resolution rank: lower ordinal wins, then earlier input. */
    public enum Kind {
        STRONG, WEAK, UNDEFINED
    }

    public boolean isDefinition() {
        return kind != Kind.UNDEFINED;
    }
}
