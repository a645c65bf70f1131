package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.insn.Atomic;
import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnList;
import dev.ebld.insn.Load;
import dev.ebld.insn.MemSize;
import dev.ebld.insn.Store;
import dev.ebld.insn.StoreImm;
import dev.ebld.loader.BpfFunction;

/**
 * The load/store half of {@code bpf_core_patch_insn}: the field's byte offset goes into the
 * instruction's {@code off}; when the field changed size, the access size follows it if reading
 * the field with the new width keeps its value (both unsigned integers, or both pointers) and the
 * instruction is poisoned otherwise.
 */
final class CoreMemPatch {
    private CoreMemPatch() {
    }

    static InsnList patch(CoreRelocator r, BpfFunction f, InsnList code, int idx, long off,
            CoreKind kind, CoreRelocator.Outcome o) {
        Insn insn = code.insn(idx);
        short cur = currentOff(insn);
        if (cur == Short.MIN_VALUE && !(insn instanceof Load || insn instanceof Store
                || insn instanceof StoreImm || insn instanceof Atomic)) {
            throw r.fail(f, off, kind + " relocation on " + insn.kind() + ", which it cannot patch");
        }
        long orig = o.local().value();
        long now = o.targ().value();
        if (o.local().validate() && cur != orig) {
            throw r.fail(f, off, kind + ": unexpected insn off " + cur + " != " + orig);
        }
        if (now > Short.MAX_VALUE) {
            throw r.fail(f, off, kind + ": value " + now + " too big for an instruction offset");
        }
        MemSize size = sizeOf(insn);
        int origSz = o.local().size();
        int newSz = o.targ().size();
        if (origSz != newSz) {
            if (!canAdjust(r, o)) {
                return CoreRelocator.poison(code, idx);
            }
            if (size.bytes() != origSz) {
                throw r.fail(f, off, kind + ": access of " + size.bytes() + " bytes, field of " + origSz);
            }
            size = bySize(newSz);
            if (size == null) {
                throw r.fail(f, off, kind + ": no access size of " + newSz + " bytes");
            }
        }
        return code.with(idx, rebuild(insn, size, (short) now));
    }

    private static boolean canAdjust(CoreRelocator r, CoreRelocator.Outcome o) {
        return o.local().size() == 0 || o.targ().size() == 0 ? true : adjustable(r, o);
    }

    private static boolean adjustable(CoreRelocator r, CoreRelocator.Outcome o) {
        Btf local = r.localBtf();
        Btf targ = r.targetBtf();
        BtfType lt = local.type(o.local().typeId());
        BtfType tt = targ.type(o.targ().typeId());
        if (lt instanceof BtfType.Ptr && tt instanceof BtfType.Ptr) {
            return true;
        }
        return lt instanceof BtfType.IntType li && tt instanceof BtfType.IntType ti
                && !li.signed() && !ti.signed();
    }

    private static short currentOff(Insn insn) {
        if (insn instanceof Load l) {
            return l.off();
        } else if (insn instanceof Store s) {
            return s.off();
        } else if (insn instanceof StoreImm s) {
            return s.off();
        } else if (insn instanceof Atomic a) {
            return a.off();
        }
        return Short.MIN_VALUE;
    }

    private static MemSize sizeOf(Insn insn) {
        if (insn instanceof Load l) {
            return l.size();
        } else if (insn instanceof Store s) {
            return s.size();
        } else if (insn instanceof StoreImm s) {
            return s.size();
        }
        return ((Atomic) insn).size();
    }

    private static MemSize bySize(int bytes) {
        for (MemSize m : MemSize.values()) {
            if (m.bytes() == bytes) {
                return m;
            }
        }
        return null;
    }

    private static Insn rebuild(Insn insn, MemSize size, short off) {
        if (insn instanceof Load l) {
            return new Load(size, l.signExtend(), l.dst(), l.src(), off);
        } else if (insn instanceof Store s) {
            return new Store(size, s.dst(), s.src(), off);
        } else if (insn instanceof StoreImm s) {
            return new StoreImm(size, s.dst(), off, s.imm());
        }
        Atomic a = (Atomic) insn;
        return new Atomic(size, a.op(), a.fetch(), a.dst(), a.src(), off);
    }
}
