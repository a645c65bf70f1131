package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated network device: an XDP hook (one program, attached through a link or by the
 * netlink-style {@link SimProcess#xdpAttach}), and the tcx ingress and egress multi-program hooks.
 * Packets are injected with {@link SimKernel#inject}; frames sent out (XDP_TX, an XDP
 * redirect to this device) are recorded.
 */
final class SimDevice {
    final Ifindex ifindex;
    final String name;
    SimProg xdpProg;
    XdpLink xdpLink;
    final Mprog ingress = new Mprog();
    final Mprog egress = new Mprog();
    final List<byte[]> transmitted = new ArrayList<>();

    SimDevice(Ifindex ifindex, String name) {
        this.ifindex = ifindex;
        this.name = name;
    }

    /** The tcx hook for {@code type}; EINVAL for any other attach type. */
    Mprog tcx(AttachType type) {
        if (type == AttachType.TCX_INGRESS) {
            return ingress;
        }
        if (type == AttachType.TCX_EGRESS) {
            return egress;
        }
        throw new KernelException(Errno.EINVAL, "attach type " + type + " is not a tcx hook of "
                + name);
    }

    @Override
    public String toString() {
        return name + " (" + ifindex + ")";
    }
}
