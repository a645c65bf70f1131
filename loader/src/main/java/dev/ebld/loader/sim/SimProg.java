package dev.ebld.loader.sim;

import dev.ebld.loader.interp.ProgramImage;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.ProgType;
import java.util.List;
import java.util.Optional;

/**
 * A loaded program: its decoded image for the executor, and the references it holds (the maps
 * its instructions name, its BTF), dropped when the program is freed.
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
    /** Functions others may call dynamically, and the programs this one calls (set at load). */
    SimLinkage linkage = SimLinkage.NONE;

    SimProg(int id, ProgType type, Optional<AttachType> expectedAttachType, String name,
            ProgramImage image, List<SimMap> maps, Optional<SimBtf> btf, int insnCount,
            int verifiedInsns, String tag) {
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
    }

    ProgType type() {
        return type;
    }

    @Override
    void freed(SimKernel k) {
        maps.forEach(m -> m.put(k));
        btf.ifPresent(b -> b.put(k));
        linkage.release(k);
    }
}
