package dev.ebld.loader.verifier.state;

import dev.ebld.loader.verifier.VerifierEnv.MapFacts;
import java.util.Objects;

/**
 * One register's abstract value, immutable (the kernel's {@code struct bpf_reg_state}).
 *
 * @param type what it holds
 * @param val for a scalar its value; for a pointer the variable part of its offset
 * @param off a pointer's fixed offset from its base
 * @param range for packet pointers, the bytes from the base proven to lie before the packet end
 * @param id links copies: copies of one maybe-NULL pointer are null-checked together, copies of a
 *     packet pointer share a range, copies of a scalar share refinements
 * @param refId the acquired reference (ringbuf record) this pointer stands for, or 0
 * @param map the map of a map pointer or map value
 * @param memSize the size of {@code MEM}/{@code RINGBUF_MEM} memory
 * @param frame the call frame a stack pointer points into; for {@code FUNC}, the callee's
 *     first instruction
 */
public record RegState(RegType type, Scalar val, int off, int range, int id, int refId,
        MapFacts map, int memSize, int frame) {

    public static final RegState NOT_INIT = new RegState(RegType.NOT_INIT, Scalar.UNKNOWN, 0, 0, 0,
            0, null, 0, 0);
    public static final RegState UNKNOWN = scalar(Scalar.UNKNOWN);

    public RegState {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(val, "val");
    }

    public static RegState scalar(Scalar s) {
        return new RegState(RegType.SCALAR, s, 0, 0, 0, 0, null, 0, 0);
    }

    public static RegState constant(long v) {
        return scalar(Scalar.constant(v));
    }

    public static RegState pointer(RegType type, int off) {
        return new RegState(type, Scalar.constant(0), off, 0, 0, 0, null, 0, 0);
    }

    public static RegState stack(int frame, int off) {
        return new RegState(RegType.STACK, Scalar.constant(0), off, 0, 0, 0, null, 0, frame);
    }

    public static RegState mapPtr(MapFacts map) {
        return new RegState(RegType.MAP_PTR, Scalar.constant(0), 0, 0, 0, 0, map, 0, 0);
    }

    public static RegState mem(RegType type, int size, int id, int refId) {
        return new RegState(type, Scalar.constant(0), 0, 0, id, refId, null, size, 0);
    }

    public boolean isScalar() {
        return type == RegType.SCALAR;
    }

    public boolean isConstScalar() {
        return type == RegType.SCALAR && val.isConst();
    }

    public RegState withType(RegType t) {
        return new RegState(t, val, off, range, id, refId, map, memSize, frame);
    }

    public RegState withVal(Scalar v) {
        return new RegState(type, v, off, range, id, refId, map, memSize, frame);
    }

    public RegState withOff(int o) {
        return new RegState(type, val, o, range, id, refId, map, memSize, frame);
    }

    public RegState withRange(int r) {
        return new RegState(type, val, off, r, id, refId, map, memSize, frame);
    }

    public RegState withId(int i) {
        return new RegState(type, val, off, range, i, refId, map, memSize, frame);
    }

    public RegState withMap(MapFacts m) {
        return new RegState(type, val, off, range, id, refId, m, memSize, frame);
    }

    /** The kernel's log form, e.g. {@code scalar(umax=255)} or {@code pkt(off=14,r=14)}. */
    public String describe() {
        if (type == RegType.SCALAR) {
            String v = val.toString();
            return val.isConst() ? v : "scalar(" + (id != 0 ? "id=" + id + (v.isEmpty() ? "" : ",") : "") + v + ")";
        }
        if (type == RegType.NOT_INIT) {
            return "?";
        }
        StringBuilder b = new StringBuilder(type.logName()).append('(');
        if (id != 0) {
            b.append("id=").append(id).append(',');
        }
        if (refId != 0) {
            b.append("ref_obj_id=").append(refId).append(',');
        }
        if (off != 0 || type == RegType.STACK) {
            b.append("off=").append(off).append(',');
        }
        if (type.isPacket()) {
            b.append("r=").append(range).append(',');
        }
        if (map != null) {
            b.append("ks=").append(map.keySize()).append(",vs=").append(map.valueSize()).append(',');
        }
        if (memSize != 0) {
            b.append("sz=").append(memSize).append(',');
        }
        if (!val.isConst()) {
            b.append(val).append(',');
        }
        return b.charAt(b.length() - 1) == ',' ? b.substring(0, b.length() - 1) + ")" : b + ")";
    }
}
