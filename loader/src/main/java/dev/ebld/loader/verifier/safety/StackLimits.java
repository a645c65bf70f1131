package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.verifier.RejectionKind;

/**
 * The stack limits along call chains, as the kernel's {@code check_max_stack_depth}: from the
 * main program and each verified global function, every chain of pseudo calls may use at most
 * 512 bytes of stack in all (each frame rounded up to 16 bytes, as for a JIT-ed program), at most
 * 8 frames, and a subprogram that tail-calls must not sit under 256 bytes or more of callers'
 * stack.
 */
final class StackLimits {
    private static final int MAX_STACK = 512;
    private static final int TAIL_CALL_STACK = 256;

    private StackLimits() {
    }

    static void check(Session s) {
        walk(s, 0, 0, 1);
        for (int g : s.calledGlobals) {
            walk(s, g, 0, 1);
        }
    }

    private static void walk(Session s, int idx, int depthAbove, int frames) {
        Subprog sp = s.layout.subprogs().get(idx);
        if (idx != 0 && s.hasTailCall[idx] && depthAbove >= TAIL_CALL_STACK) {
            throw s.fail(RejectionKind.STACK_TOO_LARGE, sp.start(), "tail_calls are not allowed when call stack of previous frames is "
                    + depthAbove + " bytes. Too large");
        }
        int depth = depthAbove + roundUp(s.stackDepth[idx]);
        if (depth > MAX_STACK) {
            throw s.fail(RejectionKind.STACK_TOO_LARGE, sp.start(), "combined stack size of " + frames
                    + " calls is " + depth + ". Too large");
        }
        for (int i = sp.start(); i < sp.end(); i++) {
            int t = SafetyDriver.localCallTarget(s, i);
            if (t < 0) {
                continue;
            }
            if (frames + 1 > CallCheck.MAX_CALL_FRAMES) {
                throw s.fail(RejectionKind.CALL_TOO_DEEP, i, "the call stack of " + (frames + 1)
                        + " frames is too deep !");
            }
            walk(s, s.layout.subprogAt(t).index(), depth, frames + 1);
        }
    }

    private static int roundUp(int depth) {
        return (depth + 15) & ~15;
    }
}
