package dev.ebld.loader;

import dev.ebld.btf.Btf;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.ProgFd;
import java.util.Objects;

/**
 * A global function of a loaded program or library that other programs may call dynamically
 * (ebld's {@code BPF_PSEUDO_EBLD_CALL}, see docs/design.md "Dynamic calls"): the pair
 * (program fd, BTF id) of seed 004, with the BTF its id is in, so a caller's extern prototype can
 * be checked against it.
 *
 * @param origin the object it came from, for messages
 */
public record LinkableFunction(String name, ProgFd program, BtfId btfId, Btf btf, String origin) {
    public LinkableFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(btfId, "btfId");
        Objects.requireNonNull(btf, "btf");
        Objects.requireNonNull(origin, "origin");
    }
}
