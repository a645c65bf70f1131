package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Maps whose values are kernel objects: {@code PROG_ARRAY} (programs for tail calls),
 * {@code ARRAY_OF_MAPS} and {@code HASH_OF_MAPS}. User space writes an fd of the caller's
 * process and reads back the object's id; each slot holds a reference, so a program stays loaded
 * while a prog_array slot names it. Programs cannot write these maps; they look up inner maps
 * (getting the inner map's handle) or tail-call through a prog_array.
 */
final class ObjectMap extends SimMap {
    private final LinkedHashMap<Key, KernelObject> slots = new LinkedHashMap<>();
    private final Optional<SimMap> innerTemplate;
    private dev.ebld.loader.kernel.ProgType owner;

    ObjectMap(SimKernel kernel, int id, MapCreateAttr attr, Optional<SimMap> innerTemplate) {
        super(kernel, id, attr);
        this.innerTemplate = innerTemplate;
    }

    /** The inner map template of a map-in-map (what the verifier types a lookup's result as). */
    Optional<SimMap> innerTemplate() {
        return innerTemplate;
    }

    private boolean isArray() {
        return type() != MapType.HASH_OF_MAPS;
    }

    private boolean inRange(byte[] key) {
        return !isArray() || AddressSpace.getLe(key, 0, 4) < attr.maxEntries();
    }

    @Override
    Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        KernelObject o = slots.get(new Key(key));
        if (o == null) {
            return Optional.empty();
        }
        byte[] out = new byte[4];
        AddressSpace.putLe(out, 0, 4, o.id().value());
        return Optional.of(out);
    }

    @Override
    void update(byte[] key, byte[] value, UpdateMode mode, SimProcess caller) {
        checkKey(key);
        checkUserWrite(value);
        if (!inRange(key)) {
            throw new KernelException(Errno.E2BIG, "map " + attr.name() + ": index out of range");
        }
        Key k = new Key(key);
        boolean present = slots.containsKey(k);
        if (mode == UpdateMode.NOEXIST && (present || isArray())) {
            throw new KernelException(Errno.EEXIST, "map " + attr.name() + ": slot exists");
        }
        if (mode == UpdateMode.EXIST && !present && !isArray()) {
            throw new KernelException(Errno.ENOENT, "map " + attr.name() + ": no such key");
        }
        if (!present && !isArray() && slots.size() >= attr.maxEntries()) {
            throw new KernelException(Errno.E2BIG, "map " + attr.name() + " is full");
        }
        KernelObject o = caller.object((int) AddressSpace.getLe(value, 0, 4));
        checkFits(o);
        o.hold();
        KernelObject old = slots.put(k, o);
        if (old != null) {
            old.put(kernel);
        }
    }

    /** A prog_array takes programs of one type; a map-in-map takes maps like its template. */
    private void checkFits(KernelObject o) {
        if (type() == MapType.PROG_ARRAY) {
            if (!(o instanceof SimProg)) {
                throw new KernelException(Errno.EINVAL, "map " + attr.name()
                        + ": a prog_array holds programs");
            }
            SimProg p = (SimProg) o;
            if (owner != null && owner != p.type()) {
                throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": holds "
                        + owner + " programs, not " + p.type());
            }
            owner = p.type();
            return;
        }
        if (!(o instanceof SimMap)) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": a map-in-map holds maps");
        }
        MapCreateAttr in = ((SimMap) o).attr;
        MapCreateAttr t = innerTemplate.orElseThrow().attr;
        if (in.type() != t.type() || in.keySize() != t.keySize() || in.valueSize() != t.valueSize()
                || in.maxEntries() != t.maxEntries()) {
            throw new KernelException(Errno.EINVAL, "map " + attr.name() + ": inner map "
                    + in.name() + " does not match the template " + t.name());
        }
    }

    /** The type a prog_array's programs share, once one was stored. */
    Optional<dev.ebld.loader.kernel.ProgType> owner() {
        return Optional.ofNullable(owner);
    }

    @Override
    void delete(byte[] key) {
        checkKey(key);
        KernelObject old = slots.remove(new Key(key));
        if (old == null) {
            throw new KernelException(Errno.ENOENT, "map " + attr.name() + ": slot is empty");
        }
        old.put(kernel);
    }

    @Override
    Optional<byte[]> nextKey(Optional<byte[]> key) {
        if (isArray()) {
            long next = key.map(k -> AddressSpace.getLe(k, 0, 4) + 1).orElse(0L);
            if (next >= attr.maxEntries()) {
                return Optional.empty();
            }
            byte[] out = new byte[4];
            AddressSpace.putLe(out, 0, 4, next);
            return Optional.of(out);
        }
        return Key.after(slots.keySet(), key);
    }

    @Override
    long progLookup(byte[] key, int cpu) {
        KernelObject o = slots.get(new Key(key));
        return o instanceof SimMap ? AddressSpace.pointer(((SimMap) o).handle, 0) : 0;
    }

    /** The program in slot {@code index} of a prog_array, if any. */
    SimProg program(long index) {
        if (type() != MapType.PROG_ARRAY || index < 0 || index >= attr.maxEntries()) {
            return null;
        }
        byte[] k = new byte[4];
        AddressSpace.putLe(k, 0, 4, index);
        KernelObject o = slots.get(new Key(k));
        return o instanceof SimProg ? (SimProg) o : null;
    }

    @Override
    long progUpdate(byte[] key, byte[] value, long flags, int cpu) {
        return -Errno.EINVAL.number();
    }

    @Override
    long progDelete(byte[] key) {
        return -Errno.EINVAL.number();
    }

    /**
     * A prog_array empties itself when user space lets go of it, as the kernel's
     * prog_array_map_clear on the last usercnt: otherwise a program in one of its slots that
     * tail-calls through it would keep both alive for ever.
     */
    @Override
    void lastUserGone(SimKernel k) {
        if (type() == MapType.PROG_ARRAY) {
            List<KernelObject> held = new ArrayList<>(slots.values());
            slots.clear();
            held.forEach(o -> o.put(k));
        }
    }

    @Override
    void freed(SimKernel k) {
        for (KernelObject o : slots.values()) {
            o.put(k);
        }
        slots.clear();
        innerTemplate.ifPresent(t -> t.put(k));
        super.freed(k);
    }

    static boolean holdsObjects(MapType t) {
        return t == MapType.PROG_ARRAY || t == MapType.ARRAY_OF_MAPS || t == MapType.HASH_OF_MAPS;
    }
}
