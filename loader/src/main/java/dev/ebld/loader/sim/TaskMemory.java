package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.Region;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code task_struct}s behind {@code bpf_get_current_task}: the current task and its parent,
 * laid out by the kernel BTF in use (the simulated kernel's own, or a real vmlinux given to
 * {@link SimKernel#vmlinuxBtf}), so CO-RE reads through {@code bpf_probe_read_kernel} find
 * {@code pid}, {@code tgid}, {@code real_parent} and {@code comm} where that BTF says. Fields the
 * BTF lacks are left out; the memory is read-only, as kernel memory is to a tracing program.
 */
final class TaskMemory {
    private TaskMemory() {
    }

    /** Builds both tasks in {@code space}; returns the current task's address, or 0 without BTF. */
    static long build(AddressSpace space, Btf btf, long pidTgid, String comm) {
        Optional<Integer> id = btf.find("task_struct", BtfKind.STRUCT);
        if (id.isEmpty()) {
            return 0;
        }
        BtfType.Struct task = (BtfType.Struct) btf.type(id.get());
        Region parent = space.add(Region.memory("task_struct init", new byte[task.size()], 0,
                task.size(), false));
        Region current = space.add(Region.memory("task_struct current", new byte[task.size()],
                0, task.size(), false));
        fill(task, parent.data(), 1, 1, "init", AddressSpace.pointer(parent, 0));
        fill(task, current.data(), (int) pidTgid, (int) (pidTgid >>> 32), comm,
                AddressSpace.pointer(parent, 0));
        return AddressSpace.pointer(current, 0);
    }

    private static void fill(BtfType.Struct task, byte[] mem, int pid, int tgid, String comm,
            long parent) {
        put(task, mem, "pid", 4, pid);
        put(task, mem, "tgid", 4, tgid);
        put(task, mem, "real_parent", 8, parent);
        put(task, mem, "parent", 8, parent);
        member(task, "comm").ifPresent(m -> {
            byte[] name = comm.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(name, 0, mem, m.bitOffset() / 8, Math.min(name.length, 15));
        });
    }

    private static void put(BtfType.Struct task, byte[] mem, String field, int size, long v) {
        member(task, field).filter(m -> m.bitOffset() % 8 == 0
                && m.bitOffset() / 8 + size <= mem.length)
                .ifPresent(m -> AddressSpace.putLe(mem, m.bitOffset() / 8, size, v));
    }

    private static Optional<BtfType.Member> member(BtfType.Struct s, String name) {
        return s.members().stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
