package dev.ebld.loader.sim;

import dev.ebld.loader.interp.ProgramImage;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.ProgType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded program: its decoded image for the executor, and the references it holds (the maps
 * its instructions name, its BTF), dropped when the program is freed.
 *
 * <p>An extension ({@link ProgType#EXT}) also holds the program it was loaded against
 * ({@link #dstProg}, the kernel's {@code aux->dst_prog}) until its first link takes that
 * reference over; it runs with the target's program type ({@link #runType}).
 */
final class SimProg extends KernelObject {
    final ProgType type;
    final Optional<AttachType> expectedAttachType;
    final String name;
    final ProgramImage image;
    final List<SimMap> maps;
    final Optional<SimBtf> btf;
    final int insnCount;
    final int verifiedInsns;
    final String tag;
    /** Where each function starts (slot) and its FUNC id in {@link #btf}. */
    final List<FuncInfo> funcInfo;
    /** Entry slots of the functions that (with their callees) change packet data. */
    final Set<Integer> pktChanging;
    /** The type the program runs and is checked as: the target's for an extension. */
    ProgType runType;
    /** An extension's load-time target and function, until the first link takes them. */
    ExtTarget dstProg;
    /** Chain-call slots (2019 RFC), when loaded with the opt-in flag; else null. */
    SimProg[] chain;
    /** Functions others may call dynamically, and the programs this one calls (set at load). */
    SimLinkage linkage = SimLinkage.NONE;

    SimProg(int id, ProgType type, Optional<AttachType> expectedAttachType, String name,
            ProgramImage image, List<SimMap> maps, Optional<SimBtf> btf, int insnCount,
            int verifiedInsns, String tag, List<FuncInfo> funcInfo, Set<Integer> pktChanging) {
        super(Fd.Kind.PROG, id);
        this.type = type;
        this.expectedAttachType = expectedAttachType;
        this.name = name;
        this.image = image;
        this.maps = List.copyOf(maps);
        this.btf = btf;
        this.insnCount = insnCount;
        this.verifiedInsns = verifiedInsns;
        this.tag = tag;
        this.funcInfo = List.copyOf(funcInfo);
        this.pktChanging = Set.copyOf(pktChanging);
        this.runType = type;
    }

    ProgType type() {
        return type;
    }

    /**
     * Whether {@code fd} of {@code caller} is an XDP program loaded for {@code attach}: what
     * devmap.c and cpumap.c ask of the program an entry's value names (a bad fd is simply not).
     */
    static boolean isXdpFor(SimProcess caller, int fd, AttachType attach) {
        KernelObject o;
        try {
            o = caller.object(fd);
        } catch (KernelException e) {
            return false;
        }
        return o instanceof SimProg && ((SimProg) o).type == ProgType.XDP
                && ((SimProg) o).expectedAttachType.filter(t -> t == attach).isPresent();
    }

    @Override
    void freed(SimKernel k) {
        maps.forEach(m -> m.put(k));
        btf.ifPresent(b -> b.put(k));
        if (dstProg != null) {
            dstProg.prog().put(k);
            dstProg = null;
        }
        ChainCalls.release(k, this);
        linkage.release(k);
    }
}
