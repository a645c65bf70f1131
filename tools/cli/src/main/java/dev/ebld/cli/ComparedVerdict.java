package dev.ebld.cli;

import dev.ebld.loader.ProgramVerdict;
import java.util.List;

/**
 * One program's verdicts from the simulated and the real kernel ({@code ebld verify --kernel
 * both}), side by side. The disagreement that matters is {@link Agreement#UNSOUND}: the
 * simulator took a program the kernel refuses, so a program checked only in the simulator would
 * fail to load for real. {@link Agreement#STRICTER} is the simulator refusing what it does not
 * model (a helper, a program type), a limit rather than a wrong answer.
 */
record ComparedVerdict(ProgramVerdict sim, ProgramVerdict kernel) {

    /** How the two verdicts relate. */
    enum Agreement {
        /** Both accept, or both refuse (the reasons may still be worded differently). */
        SAME,
        /** The simulated kernel accepts, the real one refuses. */
        UNSOUND,
        /** The simulated kernel refuses, the real one accepts. */
        STRICTER
    }

    Agreement agreement() {
        if (sim.accepted() == kernel.accepted()) {
            return Agreement.SAME;
        }
        return sim.accepted() ? Agreement.UNSOUND : Agreement.STRICTER;
    }

    /**
     * The lines {@code ebld verify --kernel both} prints: {@code NAME accept: sim and kernel};
     * {@code NAME reject: sim and kernel} then each one's location and reason on its own line;
     * for a disagreement one line saying which way, with the refusing side's location and reason.
     */
    List<String> lines() {
        String name = sim.program();
        return switch (agreement()) {
            case SAME -> sim.accepted() ? List.of(name + " accept: sim and kernel")
                    : List.of(name + " reject: sim and kernel", "  sim:    " + sim.where(),
                            "  kernel: " + kernel.where());
            case UNSOUND -> List.of(name + " sim accepts, kernel rejects: " + kernel.where());
            case STRICTER -> List.of(name + " sim rejects, kernel accepts: " + sim.where());
        };
    }

    /** The last line of {@code ebld verify --kernel both}: how many programs agreed, and how many not, which way. */
    static String summary(List<ComparedVerdict> all) {
        return String.format("%d program%s: %d same verdict, %d sim accepts what the kernel rejects, %d sim"
                + " rejects what the kernel accepts", all.size(), all.size() == 1 ? "" : "s",
                count(all, Agreement.SAME),
                count(all, Agreement.UNSOUND), count(all, Agreement.STRICTER));
    }

    static long count(List<ComparedVerdict> all, Agreement kind) {
        return all.stream().filter(c -> c.agreement() == kind).count();
    }
}
