package dev.ebld.loader;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Typed access to one global variable by name, what a libbpf skeleton gives C users as
 * {@code skel->rodata->knob}. Before load it reads and writes the object's initial image of the
 * data map (so {@code const volatile} knobs can be set); after load it reads and writes the
 * kernel's map value through {@code BPF_MAP_LOOKUP_ELEM}/{@code UPDATE_ELEM} on key 0 (a frozen
 * {@code .rodata} refuses writes, as the kernel does).
 */
public final class Global {

    /** The whole value of the variable's data map, wherever it lives. */
    public interface Store {
        byte[] read();

        void write(byte[] value);
    }

    private final GlobalVar var;
    private final boolean signed;
    private final ByteOrder order;
    private final Store store;

    public Global(GlobalVar var, boolean signed, ByteOrder order, Store store) {
        this.var = Objects.requireNonNull(var, "var");
        this.signed = signed;
        this.order = Objects.requireNonNull(order, "order");
        this.store = Objects.requireNonNull(store, "store");
    }

    public GlobalVar var() {
        return var;
    }

    /** The variable's bytes, in the object's byte order. */
    public byte[] bytes() {
        return Arrays.copyOfRange(store.read(), var.offset(), var.offset() + var.size());
    }

    /** Replaces the variable's bytes; {@code value} must be exactly its size. */
    public void setBytes(byte[] value) {
        if (value.length != var.size()) {
            throw new IllegalArgumentException(var.name() + " is " + var.size() + " bytes, not "
                    + value.length);
        }
        byte[] all = store.read();
        System.arraycopy(value, 0, all, var.offset(), value.length);
        store.write(all);
    }

    /** The value of an integer of 1, 2, 4 or 8 bytes, sign-extended when its BTF type is signed. */
    public long getLong() {
        byte[] b = bytes();
        checkScalar();
        long v = 0;
        for (int i = 0; i < b.length; i++) {
            int idx = order == ByteOrder.LITTLE_ENDIAN ? b.length - 1 - i : i;
            v = v << 8 | (b[idx] & 0xff);
        }
        int shift = 64 - 8 * b.length;
        return signed ? v << shift >> shift : v;
    }

    public int getInt() {
        return (int) getLong();
    }

    /** Stores {@code value} in the variable's size; a value that does not fit is refused. */
    public void set(long value) {
        checkScalar();
        int n = var.size();
        if (n < 8) {
            long lo = signed ? -(1L << (8 * n - 1)) : 0;
            long hi = signed ? (1L << (8 * n - 1)) - 1 : (1L << (8 * n)) - 1;
            if (value < lo || value > hi) {
                throw new IllegalArgumentException(value + " does not fit " + var.name() + " ("
                        + n + (signed ? " signed" : " unsigned") + " bytes)");
            }
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int idx = order == ByteOrder.LITTLE_ENDIAN ? i : n - 1 - i;
            b[idx] = (byte) (value >>> (8 * i));
        }
        setBytes(b);
    }

    private void checkScalar() {
        int n = var.size();
        if (n != 1 && n != 2 && n != 4 && n != 8) {
            throw new IllegalStateException(var.name() + " is " + n
                    + " bytes, not an integer; use bytes()");
        }
    }
}
