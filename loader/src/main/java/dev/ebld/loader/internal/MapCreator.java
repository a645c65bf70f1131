package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.loader.BpfMap;
import dev.ebld.loader.LoadedMap;
import dev.ebld.loader.MapKind;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The load stage for maps, after libbpf's {@code bpf_object__create_maps}: maps pinned by name
 * are reused when the pin exists and pinned after creation otherwise; a map-in-map gets its inner
 * template created first (and closed once the outer map exists); data maps get their initial
 * value and {@code .rodata}/{@code .kconfig} are frozen; map-in-map slots are filled once every
 * map exists. Map types whose values are not plain data get no BTF ids, as libbpf strips them.
 */
final class MapCreator {
    /** libbpf's list of map types created without key/value BTF. */
    private static final Set<MapType> NO_BTF = EnumSet.of(MapType.PERF_EVENT_ARRAY,
            MapType.CGROUP_ARRAY, MapType.STACK_TRACE, MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS,
            MapType.DEVMAP, MapType.DEVMAP_HASH, MapType.CPUMAP, MapType.XSKMAP, MapType.SOCKMAP,
            MapType.SOCKHASH, MapType.QUEUE, MapType.STACK);

    private final ObjectContext ctx;
    private final Kernel kernel;
    private final Optional<BtfFd> btf;
    private final String pinRoot;
    private final List<Fd> opened;

    MapCreator(ObjectContext ctx, Kernel kernel, Optional<BtfFd> btf, String pinRoot, List<Fd> opened) {
        this.ctx = ctx;
        this.kernel = kernel;
        this.btf = btf;
        this.pinRoot = pinRoot;
        this.opened = opened;
    }

    Map<String, LoadedMap> createAll(List<BpfMap> maps, Map<String, byte[]> images) {
        Map<String, LoadedMap> out = new LinkedHashMap<>();
        for (BpfMap m : maps) {
            MapFd fd = createOrReuse(m);
            out.put(m.name(), new LoadedMap(m, fd));
            byte[] image = images.get(m.name());
            if (image != null) {
                initialise(m, fd, image);
            }
        }
        for (BpfMap m : maps) {
            if (m.isMapInMap()) {
                fillSlots(m, out);
            }
        }
        return out;
    }

    private MapFd createOrReuse(BpfMap m) {
        String pin = pinRoot + "/" + m.name();
        if (m.pinning() == 1) {
            try {
                Fd fd = kernel.objGet(pin);
                opened.add(fd);
                if (fd instanceof MapFd mfd) {
                    return mfd;
                }
                throw fail(m, Errno.EINVAL, "pin " + pin + " is not a map", null);
            } catch (KernelException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw fail(m, e.errno(), "couldn't retrieve pinned map " + pin + ": " + e.reason(), e);
                }
            }
        }
        MapFd fd = create(m);
        if (m.pinning() == 1) {
            try {
                kernel.objPin(fd, pin);
            } catch (KernelException e) {
                throw fail(m, e.errno(), "failed to pin at " + pin + ": " + e.reason(), e);
            }
        }
        return fd;
    }

    private MapFd create(BpfMap m) {
        Optional<MapFd> inner = Optional.empty();
        if (m.inner().isPresent()) {
            inner = Optional.of(create(m.inner().get()));
        }
        try {
            MapFd fd = createRetryingWithoutBtf(attr(m, inner));
            if (!m.name().endsWith(".inner")) {
                opened.add(fd);
            }
            return fd;
        } catch (KernelException e) {
            throw fail(m, e.errno(), "failed to create map: " + e.reason(), e);
        } finally {
            inner.ifPresent(kernel::close);
        }
    }

    /**
     * BPF_MAP_CREATE; when the kernel refuses a map with key or value BTF, once more without
     * it, as libbpf's bpf_object__create_map does ("Retrying without BTF"): e.g. a PROG_ARRAY
     * whose BTF names a key type but no value type, which map_create refuses (EINVAL).
     */
    private MapFd createRetryingWithoutBtf(MapCreateAttr a) {
        try {
            return kernel.mapCreate(a);
        } catch (KernelException e) {
            if (a.keyType().value() == 0 && a.valueType().value() == 0) {
                throw e;
            }
            return kernel.mapCreate(new MapCreateAttr(a.type(), a.name(), a.keySize(), a.valueSize(),
                    a.maxEntries(), a.flags(), a.innerMap(), Optional.empty(), new BtfId(0), new BtfId(0),
                    a.mapExtra()));
        }
    }

    private MapCreateAttr attr(BpfMap m, Optional<MapFd> inner) {
        boolean withBtf = btf.isPresent() && !NO_BTF.contains(m.type())
                && (m.keyTypeId() != 0 || m.valueTypeId() != 0);
        int maxEntries = m.maxEntries();
        if (m.type() == MapType.PERF_EVENT_ARRAY && maxEntries == 0) {
            maxEntries = kernel.possibleCpus();
        }
        return new MapCreateAttr(m.type(), MapNames.kernel(m.name()), m.keySize(), m.valueSize(),
                maxEntries, m.flags(), inner, withBtf ? btf : Optional.empty(),
                new BtfId(withBtf ? m.keyTypeId() : 0), new BtfId(withBtf ? m.valueTypeId() : 0),
                m.mapExtra());
    }

    private void initialise(BpfMap m, MapFd fd, byte[] image) {
        try {
            kernel.mapUpdate(fd, new byte[4], image, UpdateMode.ANY);
            if (m.kind() == MapKind.RODATA || m.kind() == MapKind.KCONFIG) {
                kernel.mapFreeze(fd);
            }
        } catch (KernelException e) {
            throw fail(m, e.errno(), "failed to set initial value: " + e.reason(), e);
        }
    }

    private void fillSlots(BpfMap m, Map<String, LoadedMap> created) {
        for (Map.Entry<Integer, String> slot : m.initialSlots().entrySet()) {
            LoadedMap target = created.get(slot.getValue());
            if (target == null) {
                throw fail(m, Errno.EINVAL, "slot " + slot.getKey() + " names '" + slot.getValue()
                        + "', which is not a map of this object", null);
            }
            try {
                kernel.mapUpdate(created.get(m.name()).fd(), u32(slot.getKey()),
                        u32(target.fd().value()), UpdateMode.ANY);
            } catch (KernelException e) {
                throw fail(m, e.errno(), "failed to initialize slot [" + slot.getKey() + "] to map '"
                        + slot.getValue() + "': " + e.reason(), e);
            }
        }
    }

    byte[] u32(int v) {
        return u32(v, kernel.byteOrder());
    }

    /** A u32 key or fd value as the kernel reads it. */
    static byte[] u32(int v, ByteOrder order) {
        byte[] b = new byte[4];
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < 4; i++) {
            b[le ? i : 3 - i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private RuntimeException fail(BpfMap m, Errno errno, String message, Throwable cause) {
        return new dev.ebld.loader.LoaderException(LoaderDiagnosticKind.MAP_CREATE, new dev.ebld.diag.Location(ctx.file(),
                m.section(), -1, m.name()), errno, "map '" + m.name() + "': " + message, "", cause);
    }
}
