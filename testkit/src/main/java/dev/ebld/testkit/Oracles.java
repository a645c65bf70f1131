package dev.ebld.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/**
 * Where the real oracles are: external tools on {@code PATH} and a kernel that loads BPF programs
 * for us. One place decides, so every module's tests skip (or fail) for the same reasons.
 *
 * <p>A skip is printed to standard error as {@code ORACLE SKIPPED: <test>: <reason>}. When the
 * environment variable {@code EBLD_REQUIRE_ORACLES=1} or the system property
 * {@code ebld.oracles.required=true} is set (CI sets the variable once it has installed the
 * tools), a missing oracle fails the test instead, so a green CI run proves what the README
 * claims rather than silently skipping it.
 */
public final class Oracles {
    /** The running kernel's own BTF, as bpftool and libbpf read it. */
    public static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");

    private static final ConcurrentMap<String, Optional<Path>> TOOLS = new ConcurrentHashMap<>();
    private static volatile Optional<String> kernelProblem;

    private Oracles() {
    }

    /** Whether a missing oracle is a failure rather than a skip. */
    public static boolean required() {
        return "1".equals(System.getenv("EBLD_REQUIRE_ORACLES"))
                || Boolean.getBoolean("ebld.oracles.required");
    }

    /** The program {@code name} on {@code PATH}, if it is there and executable. */
    public static Optional<Path> tool(String name) {
        return TOOLS.computeIfAbsent(name, Oracles::findOnPath);
    }

    /**
     * Why this machine's kernel cannot judge BPF programs, or empty when it can: the process must
     * hold CAP_SYS_ADMIN or CAP_BPF (read from {@code /proc/self/status}, not guessed from the
     * user name), bpffs must be mounted at {@code /sys/fs/bpf}, and bpftool must be on PATH.
     */
    public static Optional<String> kernel() {
        Optional<String> problem = kernelProblem;
        if (problem == null) {
            problem = probeKernel();
            kernelProblem = problem;
        }
        return problem;
    }

    /** Why {@link #KERNEL_BTF} cannot be read, or empty when it can. */
    public static Optional<String> kernelBtf() {
        return Files.isReadable(KERNEL_BTF) ? Optional.empty()
                : Optional.of(KERNEL_BTF + " is not readable (kernel without CONFIG_DEBUG_INFO_BTF?)");
    }

    /**
     * For a test that needs an oracle only for part of its work: returns normally when present,
     * otherwise skips the rest of the test (printing why) or fails it when oracles are required.
     */
    public static void assumeTool(String name, String what) {
        if (tool(name).isEmpty()) {
            skipNow(what + ": " + name + " is not on PATH");
        }
    }

    /** Like {@link #assumeTool}, for the kernel. */
    public static void assumeKernel(String what) {
        kernel().ifPresent(problem -> skipNow(what + ": " + problem));
    }

    /**
     * Like {@link #assumeTool}, for an oracle that is not a program on PATH (a shared library, a
     * script's interpreter and library together): {@code missing} says what is absent when
     * {@code present} is false.
     */
    public static void assumeOracle(boolean present, String what, String missing) {
        if (!present) {
            skipNow(what + ": " + missing);
        }
    }

    /** Like {@link #assumeTool}, for the kernel's BTF. */
    public static void assumeKernelBtf(String what) {
        kernelBtf().ifPresent(problem -> skipNow(what + ": " + problem));
    }

    static ConditionEvaluationResult skipOrFail(String reason) {
        if (required()) {
            throw new AssertionError("oracle required but missing: " + reason);
        }
        System.err.println("ORACLE SKIPPED: " + reason);
        return ConditionEvaluationResult.disabled("oracle missing: " + reason);
    }

    private static void skipNow(String reason) {
        if (required()) {
            throw new AssertionError("oracle required but missing: " + reason);
        }
        System.err.println("ORACLE SKIPPED: " + reason);
        Assumptions.abort("oracle missing: " + reason);
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> probeKernel() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return Optional.of("not Linux");
        }
        if (!hasBpfCapability()) {
            return Optional.of("this process holds neither CAP_SYS_ADMIN nor CAP_BPF");
        }
        if (!bpffsMounted()) {
            return Optional.of("bpffs is not mounted at /sys/fs/bpf");
        }
        if (tool("bpftool").isEmpty()) {
            return Optional.of("bpftool is not on PATH");
        }
        return Optional.empty();
    }

    /** CapEff from /proc/self/status: bit 21 is CAP_SYS_ADMIN, bit 39 CAP_BPF. */
    static boolean hasBpfCapability() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (caps & (1L << 21)) != 0 || (caps & (1L << 39)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    private static boolean bpffsMounted() {
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/mounts"));
            return mounts.stream().anyMatch(l -> l.contains(" /sys/fs/bpf bpf "));
        } catch (IOException e) {
            return false;
        }
    }
}
