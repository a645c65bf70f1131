/**
 * Implementation shared inside the module, not exported: the section scan
 * ({@link dev.ebld.btf.internal.SectionScan}, yielding a {@link dev.ebld.btf.internal.ScannedSection}),
 * the id and cycle checks ({@link dev.ebld.btf.internal.RefChecks}), the raw bytes of a BTF file
 * ({@link dev.ebld.btf.internal.SectionBytes}) and the ASCII output buffer of the raw dump.
 *
 * <p>Uses the model package and {@code dev.ebld.elf}; used by the model's reader and by
 * {@code .dump}.
 */
package dev.ebld.btf.internal;
