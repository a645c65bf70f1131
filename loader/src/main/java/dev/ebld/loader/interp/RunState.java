package dev.ebld.loader.interp;

import java.util.Objects;

/**
 * One run's machine state: registers, the stack frames (512 bytes each, at most 8, as the kernel's
 * MAX_BPF_STACK and MAX_CALL_FRAMES), the instruction budget, the tail call and may_goto counters,
 * and what the helpers need to find (the address space, and an environment object of the
 * caller's choosing, for example the packet of a test run).
 *
 * <p>Reusable: {@link #reset} readies it for the next run without allocating, which is what keeps
 * a warm packet run cheap.
 */
public final class RunState {
    /** Bytes of stack per frame, as MAX_BPF_STACK. */
    public static final int FRAME_SIZE = 512;
    /** Frames deep a run may go, as MAX_CALL_FRAMES. */
    public static final int MAX_FRAMES = 8;
    /** Tail calls one run may make, as MAX_TAIL_CALL_CNT. */
    public static final int MAX_TAIL_CALLS = 33;
    /** may_goto iterations per run, as the kernel's BPF_MAX_LOOPS. */
    public static final long MAY_GOTO_LIMIT = 8L << 20;
    /** The default instruction budget of one run. */
    public static final long DEFAULT_BUDGET = 100_000_000L;

    final long[] regs = new long[11];
    final AddressSpace space;
    final Helpers helpers;
    final Region[] frames = new Region[MAX_FRAMES];
    /** r10 of each frame, fixed once the frames have their regions. */
    private final long[] framePointers = new long[MAX_FRAMES];
    // Saved caller state per frame: return slot, image, r6-r9 and r10.
    final int[] retPc = new int[MAX_FRAMES];
    final ProgramImage[] retImage = new ProgramImage[MAX_FRAMES];
    final long[] saved = new long[MAX_FRAMES * 5];
    long budget;
    long budgetLimit = DEFAULT_BUDGET;
    int tailCalls;
    long mayGoto;
    long executed;
    Region packet;
    /** Where in {@link #packet}'s window the packet ({@code data}) starts: after any metadata. */
    int packetData;
    /**
     * Set by an out-of-packet legacy load, which ends the whole program with 0: the compiled
     * executor, whose frames are JVM calls, unwinds on it.
     */
    boolean ended;
    private Object env;

    public RunState(AddressSpace space, Helpers helpers) {
        this.space = Objects.requireNonNull(space, "space");
        this.helpers = Objects.requireNonNull(helpers, "helpers");
        for (int i = 0; i < MAX_FRAMES; i++) {
            frames[i] = space.add(Region.memory("stack frame " + i, new byte[FRAME_SIZE], 0,
                    FRAME_SIZE, true));
            framePointers[i] = AddressSpace.pointer(frames[i], FRAME_SIZE);
        }
        reset();
    }

    /** Readies the state for a new run: registers cleared, counters and budget refilled. */
    public RunState reset() {
        java.util.Arrays.fill(regs, 0);
        budget = budgetLimit;
        tailCalls = 0;
        mayGoto = MAY_GOTO_LIMIT;
        executed = 0;
        ended = false;
        return this;
    }

    /** Sets the instruction budget of each run (takes effect at the next {@link #reset}). */
    public RunState budget(long instructions) {
        if (instructions <= 0) {
            throw new IllegalArgumentException("budget " + instructions);
        }
        budgetLimit = instructions;
        return this;
    }

    /** Frees the stack frames' regions; the state cannot run afterwards. */
    public void release() {
        for (Region f : frames) {
            space.remove(f);
        }
    }

    public long[] regs() {
        return regs;
    }

    public AddressSpace space() {
        return space;
    }

    /** Instructions the last run executed. */
    public long executed() {
        return executed;
    }

    /** The caller's object for its helpers (for the simulated kernel, the run's packet and context). */
    public Object env() {
        return env;
    }

    public void env(Object e) {
        env = e;
    }

    /** The frame pointer (r10) of frame {@code depth}: one past the top of its 512 bytes. */
    long framePointer(int depth) {
        return framePointers[depth];
    }

    /** The packet the legacy {@code BPF_LD_ABS/IND} loads read, for socket filter and tc runs. */
    public void packet(Region pkt) {
        packet(pkt, 0);
    }

    /**
     * {@link #packet(Region)} for a region whose window holds {@code dataOffset} bytes of
     * metadata before the packet: the loads' offsets count from the packet's first byte.
     */
    public void packet(Region pkt, int dataOffset) {
        packet = pkt;
        packetData = dataOffset;
    }
}
