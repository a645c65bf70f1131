package dev.ebld.linker.internal;

import dev.ebld.diag.Location;

/**
 * A relocation left pointing at an undefined symbol, for the loader to resolve.
 *
 * @param symbol      the undefined name
 * @param location    where it is referenced from, in input terms ({@code c.o:(.text+0x10)})
 * @param loaderSpace true for {@code .kconfig}/{@code .ksyms} externs, which only the loader can
 *                    ever resolve and which {@code --no-undefined} therefore accepts
 */
public record UnresolvedRef(String symbol, Location location, boolean loaderSpace) {
}
