package dev.ebld.loader.linux;

import static dev.ebld.loader.linux.Layouts.u32;
import static dev.ebld.loader.linux.Layouts.u64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** The object parts of {@code union bpf_attr}: pins, ids, info, BTF load. */
final class ObjAttrs {
    private ObjAttrs() {
    }

    /** The anonymous struct used by {@code BPF_OBJ_PIN} and {@code BPF_OBJ_GET}. */
    static final StructLayout OBJ = MemoryLayout.structLayout(
            u64("pathname"), u32("bpf_fd"), u32("file_flags"));

    /**
     * The anonymous struct used by {@code BPF_*_GET_NEXT_ID} and {@code BPF_*_GET_FD_BY_ID};
     * {@code start_id} is the union it shares with {@code prog_id}, {@code map_id}, ...
     */
    static final StructLayout GET_ID = MemoryLayout.structLayout(
            u32("start_id"), u32("next_id"), u32("open_flags"));

    /** {@code struct { ... } info}, used by {@code BPF_OBJ_GET_INFO_BY_FD}. */
    static final StructLayout INFO = MemoryLayout.structLayout(
            u32("bpf_fd"), u32("info_len"), u64("info"));

    /** The anonymous struct used by {@code BPF_BTF_LOAD}, up to {@code btf_log_true_size}. */
    static final StructLayout BTF_LOAD = MemoryLayout.structLayout(
            u64("btf"), u64("btf_log_buf"), u32("btf_size"), u32("btf_log_size"),
            u32("btf_log_level"), u32("btf_log_true_size"));
}
