package dev.ebld.loader.linux;

import static dev.ebld.loader.linux.Layouts.bytes;
import static dev.ebld.loader.linux.Layouts.pad;
import static dev.ebld.loader.linux.Layouts.u32;
import static dev.ebld.loader.linux.Layouts.u64;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** The map parts of {@code union bpf_attr} (include/uapi/linux/bpf.h). */
final class MapAttrs {
    private MapAttrs() {
    }

    /** The anonymous struct used by {@code BPF_MAP_CREATE}, up to {@code map_extra}. */
    static final StructLayout MAP_CREATE = MemoryLayout.structLayout(
            u32("map_type"), u32("key_size"), u32("value_size"), u32("max_entries"),
            u32("map_flags"), u32("inner_map_fd"), u32("numa_node"), bytes("map_name", 16),
            u32("map_ifindex"), u32("btf_fd"), u32("btf_key_type_id"), u32("btf_value_type_id"),
            u32("btf_vmlinux_value_type_id"), u64("map_extra"));

    /**
     * The anonymous struct used by the {@code BPF_MAP_*_ELEM} commands, {@code BPF_MAP_GET_NEXT_KEY}
     * ({@code next_key} shares {@code value}'s slot) and {@code BPF_MAP_FREEZE} ({@code map_fd}).
     */
    static final StructLayout MAP_ELEM = MemoryLayout.structLayout(
            u32("map_fd"), pad(4), u64("key"), u64("value"), u64("flags"));

    /** The name {@code next_key} has in the union with {@code value}. */
    static final String NEXT_KEY = "value";
}
