package dev.ebld.linker.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of symbol resolution: every global name in order of first appearance, and for each
 * file the name each of its global symbol indexes declares (null for locals).
 */
public record Resolution(List<GlobalSymbol> globals, Map<String, GlobalSymbol> byName) {

    public Resolution {
        globals = List.copyOf(globals);
        byName = java.util.Collections.unmodifiableMap(byName);
    }

    public Optional<GlobalSymbol> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
