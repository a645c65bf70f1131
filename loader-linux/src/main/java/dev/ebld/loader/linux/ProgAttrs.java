package dev.ebld.loader.linux;

import static dev.ebld.loader.linux.Layouts.bytes;
import static dev.ebld.loader.linux.Layouts.u32;
import static dev.ebld.loader.linux.Layouts.u64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** The program parts of {@code union bpf_attr}: load and test run. */
final class ProgAttrs {
    private ProgAttrs() {
    }

    /**
     * The anonymous struct used by {@code BPF_PROG_LOAD}, up to {@code log_true_size} (6.4);
     * {@code attach_prog_fd} is the union it shares with {@code attach_btf_obj_fd}.
     */
    static final StructLayout PROG_LOAD = MemoryLayout.structLayout(
            u32("prog_type"), u32("insn_cnt"), u64("insns"), u64("license"), u32("log_level"),
            u32("log_size"), u64("log_buf"), u32("kern_version"), u32("prog_flags"),
            bytes("prog_name", 16), u32("prog_ifindex"), u32("expected_attach_type"),
            u32("prog_btf_fd"), u32("func_info_rec_size"), u64("func_info"),
            u32("func_info_cnt"), u32("line_info_rec_size"), u64("line_info"),
            u32("line_info_cnt"), u32("attach_btf_id"), u32("attach_prog_fd"),
            u32("core_relo_cnt"), u64("fd_array"), u64("core_relos"), u32("core_relo_rec_size"),
            u32("log_true_size"));

    /** {@code sizeof(struct bpf_func_info)}: insn_off, type_id. */
    static final int FUNC_INFO_REC_SIZE = 8;
    /** {@code sizeof(struct bpf_line_info)}: insn_off, file_name_off, line_off, line_col. */
    static final int LINE_INFO_REC_SIZE = 16;

    /** {@code struct { ... } test}, used by {@code BPF_PROG_TEST_RUN}. */
    static final StructLayout TEST = MemoryLayout.structLayout(
            u32("prog_fd"), u32("retval"), u32("data_size_in"), u32("data_size_out"),
            u64("data_in"), u64("data_out"), u32("repeat"), u32("duration"),
            u32("ctx_size_in"), u32("ctx_size_out"), u64("ctx_in"), u64("ctx_out"),
            u32("flags"), u32("cpu"), u32("batch_size"), Layouts.pad(4));
}
