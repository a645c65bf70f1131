package dev.ebld.loader;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a kernel accepted one program of an object loaded on its own ({@link SoloLoad}), and
 * if not, why and where: the loader's refusal (located at the refused instruction, in the
 * section and function it came from) and the source line {@code .BTF.ext} line_info gives it.
 *
 * @param log the verifier log the load asked for, or for a refusal the one that says why
 */
public record ProgramVerdict(String program, Optional<LoaderException> refusal,
        Optional<SourceLine> source, String log) {
    /**
     * A statistics line the kernel wrote straight after a message that has no newline of its own
     * (the real kernel's "expected prog array map for tail call" is one): cut off, as
     * {@code fixtures/verifier-kernel.sh} cuts it.
     */
    private static final Pattern GLUED_STATISTICS = Pattern.compile(
            "(verification time \\d+ usec|processed \\d+ insns \\(limit \\d+\\).*)$");

    public ProgramVerdict {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(refusal, "refusal");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(log, "log");
    }

    public boolean accepted() {
        return refusal.isEmpty();
    }

    /**
     * Why the program was refused, in the kernel's words where the kernel gave some: the last
     * line of the verifier log before its statistics (the line {@code fixtures/verifier-kernel.sh}
     * takes from the real kernel), else the loader's own message. Empty when accepted.
     */
    public String reason() {
        if (refusal.isEmpty()) {
            return "";
        }
        String last = "";
        for (String raw : refusal.get().log().split("\n")) {
            String line = GLUED_STATISTICS.matcher(raw).replaceFirst("");
            if (!line.isBlank() && !statistics(line)) {
                last = line.strip();
            }
        }
        return last.isEmpty() ? refusal.get().toDiagnostic().message() : last;
    }

    private static boolean statistics(String line) {
        return line.startsWith("processed ") || line.startsWith("stack depth")
                || line.startsWith("verification time") || line.startsWith("old state:")
                || line.startsWith("cur state:");
    }

    /**
     * One line: {@code NAME accept}, or
     * {@code NAME reject: file.o:(xdp+0x28): xdp_prog.c:42: R1 offset is outside of the packet}
     * (the source line only when line_info covers the refused instruction).
     */
    public String format() {
        return refusal.isEmpty() ? program + " accept" : program + " reject: " + where();
    }

    /**
     * Where and why the program was refused, as {@link #format()} prints it after
     * {@code reject: }: {@code file.o:(xdp+0x28): xdp_prog.c:42: REASON}. Empty when accepted.
     */
    public String where() {
        if (refusal.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(refusal.get().location().format()).append(": ");
        source.ifPresent(s -> sb.append(s.format()).append(": "));
        return sb.append(reason()).toString();
    }
}
