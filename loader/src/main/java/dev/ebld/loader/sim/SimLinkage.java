package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.loader.kernel.FuncInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded program's side of ebld's dynamic linking: the functions other programs may call (every
 * function its func_info places, by BTF id, with its entry slot and linkage), and the programs it
 * calls, on each of which it holds a reference so a callee stays loaded while a caller exists
 * (the seed's "fw1 keeps rootlet.o alive in memory, because it tracks it as dependency").
 */
final class SimLinkage {
    static final SimLinkage NONE = new SimLinkage(Map.of(), List.of());

    /** One function of the program: where it starts, its name, and whether it is global. */
    record Export(int slot, String name, boolean global) {
    }

    private final Map<Integer, Export> exports;
    private final List<SimProg> callees;

    private SimLinkage(Map<Integer, Export> exports, List<SimProg> callees) {
        this.exports = exports;
        this.callees = List.copyOf(callees);
    }

    /**
     * The linkage of a program with {@code funcInfo} over {@code btf} that calls {@code callees}
     * (one entry per distinct callee program; this takes a reference on each).
     */
    static SimLinkage of(Optional<Btf> btf, List<FuncInfo> funcInfo, List<SimProg> callees) {
        Map<Integer, Export> exports = new HashMap<>();
        if (btf.isPresent()) {
            for (FuncInfo fi : funcInfo) {
                if (btf.get().type(fi.typeId().value()) instanceof BtfType.Func f) {
                    exports.put(fi.typeId().value(), new Export(fi.insnOff(), f.name(),
                            f.linkage() == BtfType.Func.GLOBAL));
                }
            }
        }
        callees.forEach(SimProg::hold);
        return new SimLinkage(Map.copyOf(exports), callees);
    }

    /** The function of BTF id {@code btfId}, if func_info places one. */
    Optional<Export> export(int btfId) {
        return Optional.ofNullable(exports.get(btfId));
    }

    /** The programs this one calls (each referenced once). */
    List<SimProg> callees() {
        return callees;
    }

    /** Drops the references on the callees (the program is being freed). */
    void release(SimKernel k) {
        callees.forEach(c -> c.put(k));
    }
}
