package dev.ebld.loader.interp;

/**
 * The legacy packet loads ({@code BPF_LD | BPF_ABS} and {@code BPF_IND}) of socket filters and tc
 * programs: read 1, 2 or 4 bytes of the packet in network byte order into r0. As in the kernel, a
 * load past the packet ends the program with return value 0.
 */
final class PacketLoads {
    private PacketLoads() {
    }

    /** Performs the load; false when it falls outside the packet and the program must end. */
    static boolean load(RunState st, int op, int src, int imm, int pc) {
        Region pkt = st.packet;
        if (pkt == null) {
            throw new RunFault(RunFault.Kind.BAD_INSN, pc, "packet load in a program without"
                    + " a packet");
        }
        int size = (op & 0x18) == 0x00 ? 4 : (op & 0x18) == 0x08 ? 2 : 1;
        long off = (op & 0xe0) == 0x40 ? (st.regs[src] & 0xffff_ffffL) + imm : imm;
        if (off < 0 || off > pkt.size - st.packetData - size) {
            st.regs[0] = 0;
            st.ended = true; // the whole program ends, not only this frame
            return false;
        }
        int p = pkt.base + st.packetData + (int) off;
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = v << 8 | (pkt.data[p + i] & 0xff);
        }
        st.regs[0] = v;
        return true;
    }
}
