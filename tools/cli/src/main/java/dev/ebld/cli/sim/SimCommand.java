package dev.ebld.cli.sim;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an {@code ebld sim} script, parsed ({@link SimParser}) and not yet run
 * ({@link SimSession}). Names are the script's: an object name ({@code load ... as NAME}), a
 * program {@code NAME/PROG}, a link name, a device name. Paths are already resolved against the
 * script's directory.
 */
public sealed interface SimCommand permits SimCommand.Load, SimCommand.Replace, SimCommand.Detach,
        SimCommand.Run, SimCommand.Device, SimCommand.Attach, SimCommand.DetachProg,
        SimCommand.Update, SimCommand.Pin, SimCommand.Unpin, SimCommand.Open, SimCommand.Close,
        SimCommand.Show, SimCommand.Globals, SimCommand.MapUpdate, SimCommand.Inject, SimCommand.Process,
        SimCommand.MustFail {

    /** The kinds of command; switch on it exhaustively. */
    enum Kind {
        LOAD, REPLACE, DETACH, RUN, DEVICE, ATTACH, DETACH_PROG, UPDATE, PIN, UNPIN, OPEN, CLOSE, SHOW,
        GLOBALS, MAP_UPDATE, INJECT, PROCESS, MUST_FAIL
    }

    Kind kind();

    /** A program of a loaded object: {@code NAME/PROG}. */
    record ProgRef(String object, String program) {
        public ProgRef {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(program, "program");
        }

        @Override
        public String toString() {
            return object + "/" + program;
        }
    }

    /** {@code load FILE [as NAME] [using NAME[,NAME...]]}. */
    record Load(java.nio.file.Path file, String name, List<String> using) implements SimCommand {
        public Load {
            using = List.copyOf(using);
        }

        @Override
        public Kind kind() {
            return Kind.LOAD;
        }
    }

    /** {@code replace NAME/PROG:FUNC with FILE:PROG [as LINK]}. */
    record Replace(ProgRef target, String function, java.nio.file.Path file, String program,
            String link) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.REPLACE;
        }
    }

    /** {@code detach LINK}. */
    record Detach(String link) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.DETACH;
        }
    }

    /** {@code run NAME/PROG [data FILE] [repeat N]}. */
    record Run(ProgRef prog, Optional<java.nio.file.Path> data, int repeat) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.RUN;
        }
    }

    /** {@code device NAME}. */
    record Device(String name) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.DEVICE;
        }
    }

    /** Where an mprog attach goes relative to what is there ({@code before link L} ...). */
    record Placement(Position position, Optional<String> relativeLink, Optional<ProgRef> relativeProg) {
        /** The bpf_mprog directive. */
        public enum Position { APPEND, FIRST, LAST, BEFORE, AFTER, REPLACE }

        public static final Placement APPEND = new Placement(Position.APPEND, Optional.empty(),
                Optional.empty());
    }

    /**
     * {@code attach NAME/PROG DEVICE HOOK [first|last|before REF|after REF|replace NAME/PROG]
     * [revision N] [as LINK | nolink]}.
     */
    record Attach(ProgRef prog, String device, Hook hook, Placement placement, long revision,
            Optional<String> link) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.ATTACH;
        }
    }

    /** The device hooks a script attaches to. */
    enum Hook { XDP, TCX_INGRESS, TCX_EGRESS }

    /** {@code detach NAME/PROG DEVICE HOOK}: a program attached without a link. */
    record DetachProg(ProgRef prog, String device, Hook hook) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.DETACH_PROG;
        }
    }

    /** {@code update LINK with NAME/PROG [expect NAME/PROG]}. */
    record Update(String link, ProgRef prog, Optional<ProgRef> expected) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.UPDATE;
        }
    }

    /** {@code pin LINK|NAME/PROG PATH}. */
    record Pin(String object, String path) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.PIN;
        }
    }

    /** {@code unpin PATH}. */
    record Unpin(String path) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.UNPIN;
        }
    }

    /** {@code open PATH as LINK}: a pinned link back into the current process. */
    record Open(String path, String link) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.OPEN;
        }
    }

    /** {@code close NAME|LINK}: drop the current process's fds, detaching nothing. */
    record Close(String name) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.CLOSE;
        }
    }

    /** {@code show progs|links|devices}. */
    record Show(What what) implements SimCommand {
        /** What to list. */
        public enum What { PROGS, LINKS, DEVICES }

        @Override
        public Kind kind() {
            return Kind.SHOW;
        }
    }

    /** {@code globals NAME}: the globals of a loaded object, read from the kernel's data maps. */
    record Globals(String object) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.GLOBALS;
        }
    }

    /**
     * {@code map update NAME/MAP key WORDS value WORDS}: BPF_MAP_UPDATE_ELEM (BPF_ANY) on a map
     * of a loaded object. WORDS are comma-separated 32-bit words, each a number or a device name
     * (its ifindex), resolved when the command runs.
     */
    record MapUpdate(String object, String map, List<String> key, List<String> value)
            implements SimCommand {
        public MapUpdate {
            key = List.copyOf(key);
            value = List.copyOf(value);
        }

        @Override
        public Kind kind() {
            return Kind.MAP_UPDATE;
        }
    }

    /** {@code inject DEVICE FILE}. */
    record Inject(String device, java.nio.file.Path packet) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.INJECT;
        }
    }

    /** {@code process root|unprivileged}: which process the next commands run as. */
    record Process(boolean privileged) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.PROCESS;
        }
    }

    /** {@code must-fail COMMAND}: the command must fail; its error is printed and the script goes on. */
    record MustFail(SimCommand command) implements SimCommand {
        @Override
        public Kind kind() {
            return Kind.MUST_FAIL;
        }
    }
}
