/**
 * BTF as C: the header writer ({@link dev.ebld.btf.c.HeaderWriter}, like
 * {@code bpftool btf dump ... format c}), the one declarator algorithm, unique C names, struct
 * padding, and {@link dev.ebld.btf.c.Spelling}, the single C spelling of a type for messages.
 *
 * <p>Uses the model package only.
 */
package dev.ebld.btf.c;
