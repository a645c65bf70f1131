package dev.ebld.loader.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.btf.Btf;
import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.ProgType;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The structural checks, one row per rule; the kind is asserted, the message with the kernel's words. */
class StructuralVerifierTest {
    private static final VerifierEnv NO_ENV = new VerifierEnv() {
        @Override
        public Optional<MapFacts> map(int fd) {
            return Optional.empty();
        }

        @Override
        public Btf kernelBtf() {
            throw new UnsupportedOperationException("not needed");
        }
    };

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("exit only", "b7 0 0 0 0; 95 0 0 0 0", null, ""),
                Arguments.of("ends in goto", "b7 0 0 0 0; 95 0 0 0 0; 05 0 0 -2 0", null, ""),
                Arguments.of("falls off the end", "b7 0 0 0 0", RejectionKind.FALL_OFF_END,
                        "last insn is not an exit or jmp"),
                Arguments.of("jump past the end", "15 0 0 5 0; 95 0 0 0 0",
                        RejectionKind.JUMP_OUT_OF_RANGE, "jump out of range from insn 0 to 6"),
                Arguments.of("jump into ld_imm64", "05 0 0 1 0; 18 0 0 0 1; 00 0 0 0 0; 95 0 0 0 0",
                        RejectionKind.JUMP_OUT_OF_RANGE, "jump out of range from insn 0 to 2"),
                Arguments.of("reserved field", "b7 0 1 0 0; 95 0 0 0 0", RejectionKind.INVALID_INSN,
                        "invalid insn"),
                Arguments.of("local call into the middle", "85 0 1 0 2; 95 0 0 0 0; 18 0 0 0 1;"
                        + " 00 0 0 0 0; 95 0 0 0 0", RejectionKind.JUMP_OUT_OF_RANGE,
                        "function call to insn 3"),
                Arguments.of("subprogram falls into the next", "85 0 1 0 1; 95 0 0 0 0;"
                        + " b7 0 0 0 1", RejectionKind.FALL_OFF_END, "last insn"),
                Arguments.of("jump across subprograms", "85 0 1 0 1; 05 0 0 1 0; 95 0 0 0 0",
                        RejectionKind.JUMP_OUT_OF_RANGE, "jump out of range from insn 1 to 3"),
                Arguments.of("kfunc", "85 0 2 0 5; 95 0 0 0 0", RejectionKind.UNSUPPORTED, "kfunc"),
                Arguments.of("257 subprograms", subprogs(257), RejectionKind.TOO_MANY_SUBPROGS,
                        "too many subprograms"),
                Arguments.of("256 subprograms", subprogs(256), null, ""));
    }

    /** Main calls n-1 subprograms, each returning at once. */
    private static String subprogs(int n) {
        StringBuilder sb = new StringBuilder();
        int calls = n - 1;
        for (int i = 0; i < calls; i++) {
            // call at slot i reaches subprogram i, placed after the main exit at slot calls+1+i
            sb.append("85 0 1 0 ").append(calls).append("; ");
        }
        sb.append("95 0 0 0 0");
        for (int i = 0; i < calls; i++) {
            sb.append("; 95 0 0 0 0");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checks(String name, String prog, RejectionKind kind, String words) {
        Verdict v = new StructuralVerifier().verify(new VerifierRequest(ProgType.XDP,
                Optional.empty(), "p", Asm.insns(prog), Optional.empty(), List.of(), List.of(), 1,
                true, NO_ENV));
        if (kind == null) {
            assertTrue(v.accepted(), name + ": " + v.log());
            return;
        }
        Rejection r = v.rejection().orElseThrow(() -> new AssertionError(name + " accepted"));
        assertEquals(kind, r.kind(), name);
        assertTrue(r.message().contains(words), r.message());
    }
}
