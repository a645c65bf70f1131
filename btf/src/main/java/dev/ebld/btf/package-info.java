/**
 * BTF, the BPF Type Format: an immutable model of every kind ({@link dev.ebld.btf.BtfType}), the
 * {@link dev.ebld.btf.Btf} container (plain or split on top of a base), {@code .BTF.ext}
 * ({@link dev.ebld.btf.BtfExt}), a validating reader, a byte-identical writer, queries and dumps
 * that print what {@code bpftool btf dump} prints.
 */
package dev.ebld.btf;
