package dev.ebld.loader.interp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The helpers one machine implements, by id: the one table that both
 * {@link Helpers#supports} (what the loader accepts) and {@link Helpers#call} (what a run
 * dispatches) read, so the two cannot disagree. Indexed by id, so a call costs an array read.
 *
 * <p>What holds after {@link Builder#build}: every id has at most one implementation, and an id
 * without one is a {@link RunFault.Kind#BAD_HELPER} fault naming the helper and the machine.
 */
public final class HelperTable {
    /** One helper: arguments in {@code st.regs()[1..5]}, returns r0. */
    @FunctionalInterface
    public interface Helper {
        long call(RunState st, int pc);
    }

    private final String machine;
    private final Helper[] byId;

    private HelperTable(String machine, Helper[] byId) {
        this.machine = machine;
        this.byId = byId;
    }

    /** A table for {@code machine}, which fault messages name ("the simulated kernel"). */
    public static Builder builder(String machine) {
        return new Builder(machine);
    }

    /** Whether helper {@code id} has an implementation here. */
    public boolean has(int id) {
        return id >= 0 && id < byId.length && byId[id] != null;
    }

    /** Calls helper {@code id}; a fault naming {@code pc} when this machine does not implement it. */
    public long call(int id, RunState st, int pc) {
        if (!has(id)) {
            throw new RunFault(RunFault.Kind.BAD_HELPER, pc, "helper " + HelperIds.describe(id)
                    + " is not implemented by " + machine);
        }
        return byId[id].call(st, pc);
    }

    /** The implemented ids, ascending. */
    public int[] ids() {
        int[] out = new int[byId.length];
        int n = 0;
        for (int id = 0; id < byId.length; id++) {
            if (byId[id] != null) {
                out[n++] = id;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Collects implementations; refuses a second one for the same id. */
    public static final class Builder {
        private final String machine;
        private Helper[] byId = new Helper[0];

        private Builder(String machine) {
            this.machine = Objects.requireNonNull(machine, "machine");
        }

        /** Adds the implementation of helper {@code id}. */
        public Builder add(int id, Helper helper) {
            Objects.requireNonNull(helper, "helper");
            if (id <= 0 || Helpers.runByInterpreter(id)) {
                throw new IllegalArgumentException("helper id " + id + " cannot be implemented by "
                        + machine);
            }
            if (id >= byId.length) {
                byId = Arrays.copyOf(byId, id + 1);
            }
            if (byId[id] != null) {
                throw new IllegalArgumentException(HelperIds.describe(id) + " added twice to "
                        + machine);
            }
            byId[id] = helper;
            return this;
        }

        public HelperTable build() {
            return new HelperTable(machine, byId.clone());
        }
    }
}
