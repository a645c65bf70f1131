/**
 * {@code llvm-readelf-19 -S -r -s} tables for BPF objects, column for column, so the two can be
 * diffed ({@link dev.ebld.inspect.readelf.ReadelfPrinter}); relocation types carry their BPF names.
 */
package dev.ebld.inspect.readelf;
