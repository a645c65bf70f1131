package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ObjectId;

/**
 * XDP chain calls as proposed in 2019 and never merged (seed 004, "xdp: Support multiple programs
 * on a single interface through chain calls"): a program loaded with the opt-in flag has eight
 * slots, one per return code 0..6 and a wildcard; after it returns, the program in the slot for
 * its return code (or else the wildcard's) runs next on the same packet, at most 32 programs in
 * all. Only in the simulated kernel, and only after {@link SimKernel#enableChainCallsRfc2019()}.
 *
 * <p>Like the RFC, a slot holds a reference on its program, released when the previous program is
 * freed; slots can form cycles that keep programs alive, as they could there.
 */
final class ChainCalls {
    /** BPF_NUM_CHAIN_SLOTS: the wildcard (slot 0) and return codes 0..6. */
    static final int SLOTS = 8;
    /** BPF_MAX_CHAIN_CALLS. */
    static final int MAX_CALLS = 32;
    /** The retcode that means "any return code" (~0 in the RFC's u32). */
    static final int WILDCARD = -1;

    private ChainCalls() {
    }

    /** The slot of {@code retcode}, E2BIG past the last (the RFC's bpf_prog_chain). */
    private static int slot(SimProg prev, int retcode) {
        if (prev.chain == null) {
            throw new KernelException(Errno.EOPNOTSUPP, "program " + prev.name
                    + " was not loaded with the chain-call flag");
        }
        long index = retcode == WILDCARD ? 0 : (retcode & 0xffff_ffffL) + 1;
        if (index >= SLOTS) {
            throw new KernelException(Errno.E2BIG, "return code " + retcode
                    + " has no chain slot (0.." + (SLOTS - 2) + " and the wildcard)");
        }
        return (int) index;
    }

    /** BPF_PROG_CHAIN_ADD: {@code next} runs after {@code prev} returns {@code retcode}. */
    static void add(SimKernel k, SimProg prev, int retcode, SimProg next) {
        int i = slot(prev, retcode);
        next.hold();
        SimProg old = prev.chain[i];
        prev.chain[i] = next;
        if (old != null) {
            old.put(k);
        }
    }

    /** BPF_PROG_CHAIN_DEL. */
    static void del(SimKernel k, SimProg prev, int retcode) {
        int i = slot(prev, retcode);
        SimProg old = prev.chain[i];
        if (old == null) {
            throw new KernelException(Errno.ENOENT, "no chain entry for return code " + retcode);
        }
        prev.chain[i] = null;
        old.put(k);
    }

    /** BPF_PROG_CHAIN_GET: the id of the program in the slot. */
    static ObjectId get(SimProg prev, int retcode) {
        SimProg p = prev.chain[slot(prev, retcode)];
        if (p == null) {
            throw new KernelException(Errno.ENOENT, "no chain entry for return code " + retcode);
        }
        return p.id();
    }

    /** The program to run after {@code prev} returned {@code ret}, or null (do_chain_calls). */
    static SimProg next(SimProg prev, long ret) {
        if (prev.chain == null) {
            return null;
        }
        long index = (ret & 0xffff_ffffL) + 1;
        if (index >= SLOTS) {
            return prev.chain[0];
        }
        SimProg p = prev.chain[(int) index];
        return p != null ? p : prev.chain[0];
    }

    static void release(SimKernel k, SimProg p) {
        if (p.chain == null) {
            return;
        }
        for (int i = 0; i < SLOTS; i++) {
            SimProg n = p.chain[i];
            p.chain[i] = null;
            if (n != null) {
                n.put(k);
            }
        }
    }
}
