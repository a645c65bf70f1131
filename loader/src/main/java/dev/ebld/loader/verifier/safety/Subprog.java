package dev.ebld.loader.verifier.safety;

import java.util.Optional;

/**
 * One subprogram: instructions [start, end) in slots, its name and BTF FUNC id when func_info
 * names it, and whether its BTF linkage makes it global (verified once on its own against its
 * prototype) or static (verified at each call site in the caller's context).
 */
public record Subprog(int index, int start, int end, String name, Optional<Integer> btfId,
        boolean global) {
}
