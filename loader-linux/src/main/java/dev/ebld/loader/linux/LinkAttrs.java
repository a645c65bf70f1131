package dev.ebld.loader.linux;

import static dev.ebld.loader.linux.Layouts.pad;
import static dev.ebld.loader.linux.Layouts.u32;
import static dev.ebld.loader.linux.Layouts.u64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** The attach parts of {@code union bpf_attr}: links, prog attach/detach/query, raw tracepoints. */
final class LinkAttrs {
    private LinkAttrs() {
    }

    /**
     * {@code struct { ... } link_create}: {@code target_ifindex} shares a union with
     * {@code target_fd}; at offset 16, the per-kind union holds {@code target_btf_id} (extension)
     * or {@code tcx}'s {@code relative_fd} and {@code expected_revision}.
     */
    static final StructLayout LINK_CREATE = MemoryLayout.structLayout(
            u32("prog_fd"), u32("target_ifindex"), u32("attach_type"), u32("flags"),
            u32("target_btf_id"), pad(4), u64("expected_revision"));

    /** The field name {@code tcx.relative_fd} has where it overlays {@code target_btf_id}. */
    static final String TCX_RELATIVE = "target_btf_id";

    /** {@code struct { ... } link_update}. */
    static final StructLayout LINK_UPDATE = MemoryLayout.structLayout(
            u32("link_fd"), u32("new_prog_fd"), u32("flags"), u32("old_prog_fd"));

    /** {@code struct { ... } link_detach}. */
    static final StructLayout LINK_DETACH = MemoryLayout.structLayout(u32("link_fd"));

    /** {@code struct { ... } raw_tracepoint}, used by {@code BPF_RAW_TRACEPOINT_OPEN}. */
    static final StructLayout RAW_TRACEPOINT = MemoryLayout.structLayout(
            u64("name"), u32("prog_fd"), pad(4), u64("cookie"));

    /**
     * The anonymous struct used by {@code BPF_PROG_ATTACH} and {@code BPF_PROG_DETACH}, with the
     * bpf_mprog fields of 6.6 ({@code relative_fd}/{@code relative_id}, {@code expected_revision}).
     */
    static final StructLayout PROG_ATTACH = MemoryLayout.structLayout(
            u32("target_ifindex"), u32("attach_bpf_fd"), u32("attach_type"), u32("attach_flags"),
            u32("replace_bpf_fd"), u32("relative_fd"), u64("expected_revision"));

    /** {@code struct { ... } query}, used by {@code BPF_PROG_QUERY}, with 6.6's link ids and revision. */
    static final StructLayout QUERY = MemoryLayout.structLayout(
            u32("target_ifindex"), u32("attach_type"), u32("query_flags"), u32("attach_flags"),
            u64("prog_ids"), u32("count"), pad(4), u64("prog_attach_flags"), u64("link_ids"),
            u64("link_attach_flags"), u64("revision"));
}
