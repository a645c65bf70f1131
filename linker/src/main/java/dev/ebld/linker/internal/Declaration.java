package dev.ebld.linker.internal;

import dev.ebld.elf.ElfSymbol;

/**
 * One file's declaration of a global name: a strong or weak definition, or an extern.
 *
 * @param file     the declaring file's {@link InputFile#order()}
 * @param symIndex index in that file's symbol table
 * @param symbol   the entry itself
 * @param kind     strong definition, weak definition or undefined
 * @param space    the name space; see {@link NameSpaces}
 */
public record Declaration(int file, int symIndex, ElfSymbol symbol, Kind kind, NameSpace space) {

    /** What a declaration is, with its resolution rank (see {@link SymbolResolver}): lower wins. */
    public enum Kind {
        STRONG(1), WEAK(2), UNDEFINED(3);

        private final int rank;

        Kind(int rank) {
            this.rank = rank;
        }

        /** 1 for a strong definition, 2 for a weak one, 3 for an extern; lower wins. */
        public int rank() {
            return rank;
        }
    }

    public boolean isDefinition() {
        return kind != Kind.UNDEFINED;
    }
}
