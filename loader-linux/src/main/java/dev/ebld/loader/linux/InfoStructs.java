package dev.ebld.loader.linux;

import static dev.ebld.loader.linux.Layouts.bytes;
import static dev.ebld.loader.linux.Layouts.pad;
import static dev.ebld.loader.linux.Layouts.u32;
import static dev.ebld.loader.linux.Layouts.u64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The structs {@code BPF_OBJ_GET_INFO_BY_FD} fills, as far as this backend reads them; the kernel
 * copies at most {@code info_len} bytes, so a prefix is a valid request.
 */
final class InfoStructs {
    private InfoStructs() {
    }

    /** {@code struct bpf_prog_info}, up to {@code attach_btf_id}. */
    static final StructLayout PROG = MemoryLayout.structLayout(
            u32("type"), u32("id"), bytes("tag", 8), u32("jited_prog_len"),
            u32("xlated_prog_len"), u64("jited_prog_insns"), u64("xlated_prog_insns"),
            u64("load_time"), u32("created_by_uid"), u32("nr_map_ids"), u64("map_ids"),
            bytes("name", 16), u32("ifindex"), u32("gpl_compatible"), u64("netns_dev"),
            u64("netns_ino"), u32("nr_jited_ksyms"), u32("nr_jited_func_lens"),
            u64("jited_ksyms"), u64("jited_func_lens"), u32("btf_id"),
            u32("func_info_rec_size"), u64("func_info"), u32("nr_func_info"),
            u32("nr_line_info"), u64("line_info"), u64("jited_line_info"),
            u32("nr_jited_line_info"), u32("line_info_rec_size"),
            u32("jited_line_info_rec_size"), u32("nr_prog_tags"), u64("prog_tags"),
            u64("run_time_ns"), u64("run_cnt"), u64("recursion_misses"),
            u32("verified_insns"), u32("attach_btf_obj_id"), u32("attach_btf_id"), pad(4));

    /** {@code struct bpf_map_info}, up to {@code map_extra}. */
    static final StructLayout MAP = MemoryLayout.structLayout(
            u32("type"), u32("id"), u32("key_size"), u32("value_size"), u32("max_entries"),
            u32("map_flags"), bytes("name", 16), u32("ifindex"),
            u32("btf_vmlinux_value_type_id"), u64("netns_dev"), u64("netns_ino"),
            u32("btf_id"), u32("btf_key_type_id"), u32("btf_value_type_id"),
            u32("btf_vmlinux_id"), u64("map_extra"));

    /** {@code struct bpf_btf_info}. */
    static final StructLayout BTF = MemoryLayout.structLayout(
            u64("btf"), u32("btf_size"), u32("id"), u64("name"), u32("name_len"),
            u32("kernel_btf"));

    /**
     * {@code struct bpf_link_info}: the common head, then at offset 16 the per-type union, read
     * here through the names of the members that overlay each slot: {@code raw_tracepoint}'s
     * {@code tp_name} pointer and {@code tp_name_len}; {@code tracing}'s attach type,
     * target object id and target BTF id; {@code xdp.ifindex} and {@code tcx}'s ifindex and
     * attach type in the first two words.
     */
    static final StructLayout LINK = MemoryLayout.structLayout(
            u32("type"), u32("id"), u32("prog_id"), pad(4), u64("tp_name"), u32("tp_name_len"),
            pad(4), u64("reserved"));

    /** {@code tracing.attach_type}, {@code xdp.ifindex} and {@code tcx.ifindex}: offset 16. */
    static final long UNION_WORD0 = 16;
    /** {@code tracing.target_obj_id} and {@code tcx.attach_type}: offset 20. */
    static final long UNION_WORD1 = 20;
    /** {@code tracing.target_btf_id}: offset 24. */
    static final long UNION_WORD2 = 24;
}
