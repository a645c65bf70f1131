package dev.ebld.loader.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every field of the {@code union bpf_attr} parts and info structs this backend writes or reads,
 * at the offset and size C gives it. The rows up to the marker are {@code offsetof}/{@code sizeof}
 * printed by a C program compiled against this machine's include/linux/bpf.h (6.1, x86-64); the
 * rows after it are fields newer than 6.1 (log_true_size 6.4, bpf_mprog 6.6, btf_vmlinux_id),
 * computed by hand from the current UAPI header. No kernel is needed: a wrong layout fails here
 * rather than as a mysterious EINVAL or a value read from the wrong word.
 */
class UapiLayoutTest {
    private static final Map<String, StructLayout> LAYOUTS = Map.ofEntries(
            Map.entry("MAP_CREATE", MapAttrs.MAP_CREATE), Map.entry("MAP_ELEM", MapAttrs.MAP_ELEM),
            Map.entry("PROG_LOAD", ProgAttrs.PROG_LOAD), Map.entry("TEST", ProgAttrs.TEST),
            Map.entry("OBJ", ObjAttrs.OBJ), Map.entry("GET_ID", ObjAttrs.GET_ID),
            Map.entry("INFO", ObjAttrs.INFO), Map.entry("BTF_LOAD", ObjAttrs.BTF_LOAD),
            Map.entry("PROG_ATTACH", LinkAttrs.PROG_ATTACH), Map.entry("QUERY", LinkAttrs.QUERY),
            Map.entry("RAW_TRACEPOINT", LinkAttrs.RAW_TRACEPOINT),
            Map.entry("LINK_CREATE", LinkAttrs.LINK_CREATE), Map.entry("LINK_UPDATE", LinkAttrs.LINK_UPDATE),
            Map.entry("LINK_DETACH", LinkAttrs.LINK_DETACH), Map.entry("PROG_INFO", InfoStructs.PROG),
            Map.entry("MAP_INFO", InfoStructs.MAP), Map.entry("BTF_INFO", InfoStructs.BTF),
            Map.entry("LINK_INFO", InfoStructs.LINK));

    @ParameterizedTest(name = "{0}.{1} at {2}, {3} bytes")
    @CsvSource({
            "MAP_CREATE, map_type, 0, 4",
            "MAP_CREATE, map_name, 28, 16",
            "MAP_CREATE, map_ifindex, 44, 4",
            "MAP_CREATE, btf_vmlinux_value_type_id, 60, 4",
            "MAP_CREATE, map_extra, 64, 8",
            "MAP_ELEM, map_fd, 0, 4",
            "MAP_ELEM, key, 8, 8",
            "MAP_ELEM, value, 16, 8",
            "MAP_ELEM, value, 16, 8",
            "MAP_ELEM, flags, 24, 8",
            "PROG_LOAD, prog_type, 0, 4",
            "PROG_LOAD, insns, 8, 8",
            "PROG_LOAD, license, 16, 8",
            "PROG_LOAD, log_level, 24, 4",
            "PROG_LOAD, log_size, 28, 4",
            "PROG_LOAD, log_buf, 32, 8",
            "PROG_LOAD, kern_version, 40, 4",
            "PROG_LOAD, prog_flags, 44, 4",
            "PROG_LOAD, prog_name, 48, 16",
            "PROG_LOAD, expected_attach_type, 68, 4",
            "PROG_LOAD, prog_btf_fd, 72, 4",
            "PROG_LOAD, func_info_rec_size, 76, 4",
            "PROG_LOAD, func_info, 80, 8",
            "PROG_LOAD, func_info_cnt, 88, 4",
            "PROG_LOAD, line_info_rec_size, 92, 4",
            "PROG_LOAD, line_info, 96, 8",
            "PROG_LOAD, line_info_cnt, 104, 4",
            "PROG_LOAD, attach_btf_id, 108, 4",
            "PROG_LOAD, attach_prog_fd, 112, 4",
            "PROG_LOAD, core_relo_cnt, 116, 4",
            "PROG_LOAD, fd_array, 120, 8",
            "PROG_LOAD, core_relos, 128, 8",
            "PROG_LOAD, core_relo_rec_size, 136, 4",
            "OBJ, pathname, 0, 8",
            "OBJ, bpf_fd, 8, 4",
            "OBJ, file_flags, 12, 4",
            "PROG_ATTACH, attach_bpf_fd, 4, 4",
            "PROG_ATTACH, attach_type, 8, 4",
            "PROG_ATTACH, attach_flags, 12, 4",
            "PROG_ATTACH, replace_bpf_fd, 16, 4",
            "TEST, prog_fd, 0, 4",
            "TEST, retval, 4, 4",
            "TEST, data_size_in, 8, 4",
            "TEST, data_size_out, 12, 4",
            "TEST, data_in, 16, 8",
            "TEST, data_out, 24, 8",
            "TEST, repeat, 32, 4",
            "TEST, duration, 36, 4",
            "TEST, ctx_size_in, 40, 4",
            "TEST, ctx_size_out, 44, 4",
            "TEST, ctx_in, 48, 8",
            "TEST, ctx_out, 56, 8",
            "TEST, flags, 64, 4",
            "TEST, cpu, 68, 4",
            "TEST, batch_size, 72, 4",
            "GET_ID, start_id, 0, 4",
            "GET_ID, next_id, 4, 4",
            "GET_ID, open_flags, 8, 4",
            "INFO, bpf_fd, 0, 4",
            "INFO, info_len, 4, 4",
            "INFO, info, 8, 8",
            "QUERY, target_ifindex, 0, 4",
            "QUERY, attach_type, 4, 4",
            "QUERY, query_flags, 8, 4",
            "QUERY, attach_flags, 12, 4",
            "QUERY, prog_ids, 16, 8",
            "QUERY, count, 24, 4",
            "QUERY, prog_attach_flags, 32, 8",
            "RAW_TRACEPOINT, name, 0, 8",
            "RAW_TRACEPOINT, prog_fd, 8, 4",
            "BTF_LOAD, btf, 0, 8",
            "BTF_LOAD, btf_log_buf, 8, 8",
            "BTF_LOAD, btf_size, 16, 4",
            "BTF_LOAD, btf_log_size, 20, 4",
            "BTF_LOAD, btf_log_level, 24, 4",
            "LINK_CREATE, prog_fd, 0, 4",
            "LINK_CREATE, target_ifindex, 4, 4",
            "LINK_CREATE, attach_type, 8, 4",
            "LINK_CREATE, flags, 12, 4",
            "LINK_CREATE, target_btf_id, 16, 4",
            "LINK_UPDATE, link_fd, 0, 4",
            "LINK_UPDATE, new_prog_fd, 4, 4",
            "LINK_UPDATE, flags, 8, 4",
            "LINK_UPDATE, old_prog_fd, 12, 4",
            "LINK_DETACH, link_fd, 0, 4",
            "PROG_INFO, type, 0, 4",
            "PROG_INFO, id, 4, 4",
            "PROG_INFO, tag, 8, 8",
            "PROG_INFO, jited_prog_len, 16, 4",
            "PROG_INFO, xlated_prog_len, 20, 4",
            "PROG_INFO, load_time, 40, 8",
            "PROG_INFO, nr_map_ids, 52, 4",
            "PROG_INFO, map_ids, 56, 8",
            "PROG_INFO, name, 64, 16",
            "PROG_INFO, ifindex, 80, 4",
            "PROG_INFO, netns_dev, 88, 8",
            "PROG_INFO, btf_id, 128, 4",
            "PROG_INFO, func_info, 136, 8",
            "PROG_INFO, nr_line_info, 148, 4",
            "PROG_INFO, line_info, 152, 8",
            "PROG_INFO, nr_prog_tags, 180, 4",
            "PROG_INFO, prog_tags, 184, 8",
            "PROG_INFO, run_time_ns, 192, 8",
            "PROG_INFO, recursion_misses, 208, 8",
            "PROG_INFO, verified_insns, 216, 4",
            "PROG_INFO, attach_btf_obj_id, 220, 4",
            "PROG_INFO, attach_btf_id, 224, 4",
            "MAP_INFO, type, 0, 4",
            "MAP_INFO, id, 4, 4",
            "MAP_INFO, key_size, 8, 4",
            "MAP_INFO, value_size, 12, 4",
            "MAP_INFO, max_entries, 16, 4",
            "MAP_INFO, map_flags, 20, 4",
            "MAP_INFO, name, 24, 16",
            "MAP_INFO, ifindex, 40, 4",
            "MAP_INFO, btf_vmlinux_value_type_id, 44, 4",
            "MAP_INFO, netns_dev, 48, 8",
            "MAP_INFO, netns_ino, 56, 8",
            "MAP_INFO, btf_id, 64, 4",
            "MAP_INFO, btf_key_type_id, 68, 4",
            "MAP_INFO, btf_value_type_id, 72, 4",
            "MAP_INFO, map_extra, 80, 8",
            "BTF_INFO, btf, 0, 8",
            "BTF_INFO, btf_size, 8, 4",
            "BTF_INFO, id, 12, 4",
            "BTF_INFO, name, 16, 8",
            "BTF_INFO, name_len, 24, 4",
            "BTF_INFO, kernel_btf, 28, 4",
            "LINK_INFO, type, 0, 4",
            "LINK_INFO, id, 4, 4",
            "LINK_INFO, prog_id, 8, 4",
            "LINK_INFO, tp_name, 16, 8",
            "LINK_INFO, tp_name_len, 24, 4",
            // Newer than this machine's 6.1 header: from the current include/uapi/linux/bpf.h.
            "PROG_LOAD, log_true_size, 140, 4",
            "BTF_LOAD, btf_log_true_size, 28, 4",
            "PROG_ATTACH, target_ifindex, 0, 4",
            "PROG_ATTACH, relative_fd, 20, 4",
            "PROG_ATTACH, expected_revision, 24, 8",
            "QUERY, link_ids, 40, 8",
            "QUERY, link_attach_flags, 48, 8",
            "QUERY, revision, 56, 8",
            "LINK_CREATE, expected_revision, 24, 8",
            "MAP_INFO, btf_vmlinux_id, 76, 4",
    })
    void fieldSitsWhereCPutsIt(String struct, String field, long offset, long size) {
        StructLayout layout = LAYOUTS.get(struct);
        MemoryLayout member = layout.select(PathElement.groupElement(field));
        assertThat(layout.byteOffset(PathElement.groupElement(field))).isEqualTo(offset);
        assertThat(member.byteSize()).isEqualTo(size);
    }

    /** The info structs are passed whole: their sizes must be C's ({@code sizeof}). */
    @Test
    void infoStructsHaveCSizes() {
        assertThat(InfoStructs.PROG.byteSize()).isEqualTo(232);
        assertThat(InfoStructs.MAP.byteSize()).isEqualTo(88);
        assertThat(InfoStructs.BTF.byteSize()).isEqualTo(32);
    }

    /**
     * {@code bpf_link_info}'s per-type union starts at 16 (its raw_tracepoint member holds an
     * aligned u64): tracing's attach_type, target_obj_id, target_btf_id at 16, 20, 24;
     * {@code xdp.ifindex} and {@code tcx.ifindex} at 16, {@code tcx.attach_type} at 20.
     */
    @Test
    void linkInfoUnionWordsAreCsOffsets() {
        assertThat(new long[] {InfoStructs.UNION_WORD0, InfoStructs.UNION_WORD1, InfoStructs.UNION_WORD2})
                .containsExactly(16, 20, 24);
    }
}
