/**
 * BTF, the BPF Type Format: an immutable model of every kind ({@link dev.ebld.btf.BtfType}), the
 * {@link dev.ebld.btf.Btf} container (plain or split on top of a base), {@code .BTF.ext}
 * ({@link dev.ebld.btf.BtfExt}), a validating reader, a byte-identical writer, where BTF comes
 * from ({@link dev.ebld.btf.BtfFiles}) and layout queries ({@link dev.ebld.btf.BtfTypes}).
 *
 * <p>Uses {@code dev.ebld.elf} and, in implementation only, {@code .internal}; never the
 * concern packages ({@code .dump}, {@code .c}, {@code .compat}, {@code .dedup}), which build on it.
 */
package dev.ebld.btf;
