/**
 * Merging the BTF of several objects: concatenation ({@link dev.ebld.btf.dedup.Concat}), then
 * libbpf's deduplication ({@link dev.ebld.btf.dedup.Dedup}, byte-identical output, its passes in
 * the {@code Dedup*} classes), and moving {@code .BTF.ext} onto the result
 * ({@link dev.ebld.btf.dedup.DedupExt}).
 *
 * <p>Uses the model package only.
 */
package dev.ebld.btf.dedup;
