package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.diag.Location;
import dev.ebld.loader.BpfMap;
import dev.ebld.loader.LoadedMap;
import dev.ebld.loader.LoadedProgram;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.List;
import java.util.Map;

/**
 * Fills the slots a prog_array declares in its {@code values} initializer with the fds of the
 * loaded programs, after every program is loaded (libbpf's {@code init_prog_array_slots}). A
 * slot naming a program that was not loaded (autoload off) is an error, as in libbpf.
 */
final class ProgArraySlots {
    private final ObjectContext ctx;
    private final Kernel kernel;

    ProgArraySlots(ObjectContext ctx, Kernel kernel) {
        this.ctx = ctx;
        this.kernel = kernel;
    }

    void fill(List<BpfMap> maps, Map<String, LoadedMap> created, Map<String, LoadedProgram> progs) {
        for (BpfMap m : maps) {
            if (m.type() != MapType.PROG_ARRAY) {
                continue;
            }
            for (Map.Entry<Integer, String> slot : m.initialSlots().entrySet()) {
                LoadedProgram p = progs.get(slot.getValue());
                if (p == null) {
                    throw fail(m, Errno.EINVAL, "slot [" + slot.getKey() + "] names program '"
                            + slot.getValue() + "', which was not loaded", null);
                }
                try {
                    kernel.mapUpdate(created.get(m.name()).fd(), MapCreator.u32(slot.getKey(), kernel.byteOrder()),
                            MapCreator.u32(p.fd().value(), kernel.byteOrder()), UpdateMode.ANY);
                } catch (KernelException e) {
                    throw fail(m, e.errno(), "failed to set slot [" + slot.getKey() + "]: " + e.reason(), e);
                }
            }
        }
    }

    private LoaderException fail(BpfMap m, Errno errno, String message, Throwable cause) {
        return new LoaderException(LoaderDiagnosticKind.MAP_INIT, new Location(ctx.file(), m.section(), -1, m.name()),
                errno, "map '" + m.name() + "': " + message, "", cause);
    }
}
