package dev.ebld.insn;

import java.util.Objects;

/**
 * A symbolic target an instruction carries until a loader turns it into a number, as cilium/ebpf's
 * {@code asm.Instruction.Reference} does. Calls refer to subprograms or kernel functions;
 * {@code ld_imm64} refers to maps, map values, functions, kernel variables and kconfig externs.
 * The instruction's own immediate is a placeholder until {@link InsnList#resolve} replaces it.
 */
public sealed interface Reference {

    /** The member records, one constant each, for exhaustive switches. */
    enum Kind { SUBPROG, MAP, MAP_VALUE, KSYM, KCONFIG }

    Kind kind();

    /** The symbol the reference names. */
    String name();

    /**
     * A bpf-to-bpf call ({@code call pc+imm}) or a function pointer ({@code ld_imm64} with
     * {@code BPF_PSEUDO_FUNC}) to the subprogram whose first instruction carries this symbol.
     */
    record Subprog(String name) implements Reference {
        public Subprog {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Kind kind() {
            return Kind.SUBPROG;
        }
    }

    /** {@code ld_imm64} of a map itself ({@code BPF_PSEUDO_MAP_FD}). */
    record Map(String name) implements Reference {
        public Map {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Kind kind() {
            return Kind.MAP;
        }
    }

    /**
     * {@code ld_imm64} of an address inside a map's value ({@code BPF_PSEUDO_MAP_VALUE}): global
     * data is one array map whose only value holds the section, {@code offset} bytes in.
     */
    record MapValue(String name, int offset) implements Reference {
        public MapValue {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Kind kind() {
            return Kind.MAP_VALUE;
        }
    }

    /**
     * A kernel symbol: a kfunc call, or {@code ld_imm64} of a kernel variable (typed, by BTF id)
     * or of an address (untyped, from kallsyms). {@code weak} ones resolve to 0 when missing.
     */
    record Ksym(String name, boolean weak) implements Reference {
        public Ksym {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Kind kind() {
            return Kind.KSYM;
        }
    }

    /**
     * A {@code .kconfig} extern ({@code LINUX_KERNEL_VERSION}, {@code CONFIG_*}); the load
     * reads it from the kconfig map's value at {@code offset}.
     */
    record Kconfig(String name, int offset) implements Reference {
        public Kconfig {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Kind kind() {
            return Kind.KCONFIG;
        }
    }
}
