package dev.ebld.loader.kernel;

import java.util.Objects;

/**
 * Where {@code BPF_LINK_CREATE} attaches a program: the union of {@code link_create}'s target
 * fields, one record per kind of hook the kernel behind {@link Kernel} offers.
 */
public sealed interface LinkTarget permits LinkTarget.Device, LinkTarget.Extension,
        LinkTarget.RawTracepoint {

    /** The kinds of target; switch on it exhaustively. */
    enum Kind { DEVICE, EXTENSION, RAW_TRACEPOINT }

    Kind kind();

    /**
     * A network device's hook: {@code target_ifindex} with attach type {@link AttachType#XDP},
     * {@link AttachType#TCX_INGRESS} or {@link AttachType#TCX_EGRESS}.
     */
    record Device(Ifindex ifindex, AttachType attachType) implements LinkTarget {
        public Device {
            Objects.requireNonNull(ifindex, "ifindex");
            Objects.requireNonNull(attachType, "attachType");
        }

        @Override
        public Kind kind() {
            return Kind.DEVICE;
        }
    }

    /**
     * A global function of a loaded program, for an extension ({@code freplace}) program:
     * {@code target_fd} and {@code target_btf_id}, the function's id in the target's BTF.
     */
    record Extension(ProgFd target, BtfId function) implements LinkTarget {
        public Extension {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(function, "function");
        }

        @Override
        public Kind kind() {
            return Kind.EXTENSION;
        }
    }

    /** A raw tracepoint by name ({@code BPF_RAW_TRACEPOINT_OPEN}'s name). */
    record RawTracepoint(String name) implements LinkTarget {
        public RawTracepoint {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Kind kind() {
            return Kind.RAW_TRACEPOINT;
        }
    }
}
