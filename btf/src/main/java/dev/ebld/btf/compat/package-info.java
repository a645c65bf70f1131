/**
 * Type compatibility between two BTF blobs, each rule mirroring its reference: an extern against
 * its definition and two declarations of a map (libbpf's static linker, via
 * {@link dev.ebld.btf.compat.TypeCompatibility}), and a replacement program against the function
 * it replaces (the kernel's freplace check, {@link dev.ebld.btf.compat.FreplaceCompat}). Every
 * check answers a {@link dev.ebld.btf.compat.CompatResult}.
 *
 * <p>Uses the model package and {@code .c} (to spell both sides in messages).
 */
package dev.ebld.btf.compat;
