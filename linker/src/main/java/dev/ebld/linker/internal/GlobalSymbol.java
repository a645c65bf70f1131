package dev.ebld.linker.internal;

import java.util.List;
import java.util.Optional;

/**
 * A global name after resolution.
 *
 * @param name         the symbol name
 * @param declarations every declaration, in link order
 * @param winner       the definition that won, or empty if the name stays undefined
 * @param bind         output binding: GLOBAL if any declaration is non-weak, else WEAK
 * @param visibility   output visibility: HIDDEN if any declaration says so
 * @param type         output ELF symbol type: the winner's, else the first declaration's
 * @param space        the name space all declarations share
 */
public record GlobalSymbol(String name, List<Declaration> declarations, Optional<Declaration> winner,
                           int bind, int visibility, int type, NameSpace space) {

    public GlobalSymbol {
        declarations = List.copyOf(declarations);
    }

    public boolean isDefined() {
        return winner.isPresent();
    }

    /** Definitions that lost to the winner, in link order. */
    public List<Declaration> losers() {
        return declarations.stream()
                .filter(d -> d.isDefinition() && !d.equals(winner.orElse(null)))
                .toList();
    }

    /** True if {@code d} is the winning definition. */
    public boolean isWinner(Declaration d) {
        return winner.isPresent() && winner.get().equals(d);
    }
}
