/**
 * The raw dump: exactly what {@code bpftool btf dump file FILE} prints
 * ({@link dev.ebld.btf.dump.RawDump}), printed straight from the checked bytes.
 *
 * <p>Uses the model package and {@code .internal} (scan, checks, output buffer).
 */
package dev.ebld.btf.dump;
