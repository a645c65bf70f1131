package dev.ebld.loader.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9669 semantics, one row per case, grouped as the conformance suite groups them (base32,
 * base64, divmul32, divmul64, atomic32, atomic64, packet/memory, jumps, calls). Expected values
 * follow the RFC's text, not the interpreter.
 */
class InterpreterTest {
    private static final String EXIT = "95 0 0 0 0";

    static Stream<Arguments> cases() {
        return Stream.of(
                // base64
                row("base64 mov imm sign-extends", "b7 0 0 0 -1", -1L),
                row("base64 add", "b7 0 0 0 5; 07 0 0 0 -7", -2L),
                row("base64 lsh masked by 63", "b7 0 0 0 1; b7 1 0 0 65; 6f 0 1 0 0", 2L),
                row("base64 rsh logical", "b7 0 0 0 -1; 77 0 0 0 60", 0xfL),
                row("base64 arsh", "b7 0 0 0 -16; c7 0 0 0 2", -4L),
                row("base64 neg", "b7 0 0 0 3; 87 0 0 0 0", -3L),
                row("base64 xor/or/and", "b7 0 0 0 0xf0; a7 0 0 0 0xff; 47 0 0 0 0x100; 57 0 0 0 0x10f", 0x10fL),
                row("base64 mul wraps", "18 0 0 0 0; 00 0 0 0 0x40000000; 27 0 0 0 4", 0L),
                row("base64 movsx8", "b7 1 0 0 0x80; bf 0 1 8 0", -128L),
                row("base64 movsx16", "b7 1 0 0 0x8000; bf 0 1 16 0", -32768L),
                row("base64 movsx32", "18 1 0 0 0x80000000; 00 0 0 0 0; bf 0 1 32 0", (long) Integer.MIN_VALUE),
                row("base64 ld_imm64", "18 0 0 0 0x89abcdef; 00 0 0 0 0x01234567", 0x0123456789abcdefL),
                // base32
                row("base32 mov32 zero-extends", "b4 0 0 0 -1", 0xffff_ffffL),
                row("base32 add32 wraps and zero-extends", "b7 0 0 0 -1; 04 0 0 0 2", 1L),
                row("base32 lsh32 masked by 31", "b4 0 0 0 1; 64 0 0 0 33", 2L),
                row("base32 arsh32", "b4 0 0 0 0x80000000; c4 0 0 0 4", 0xf8000000L),
                row("base32 neg32", "b4 0 0 0 1; 84 0 0 0 0", 0xffff_ffffL),
                row("base32 mov32 reg drops high", "18 1 0 0 5; 00 0 0 0 7; bc 0 1 0 0", 5L),
                row("base32 movsx32 8", "b4 1 0 0 0xff; bc 0 1 8 0", 0xffff_ffffL),
                row("base32 le16", "18 0 0 0 0x12345678; 00 0 0 0 1; d4 0 0 0 16", 0x5678L),
                row("base32 be16", "b7 0 0 0 0x1234; dc 0 0 0 16", 0x3412L),
                row("base32 be32", "b7 0 0 0 0x12345678; dc 0 0 0 32", 0x78563412L),
                row("base64 be64", "b7 0 0 0 0x12; dc 0 0 0 64", 0x1200_0000_0000_0000L),
                row("base64 bswap16", "b7 0 0 0 0x1234; d7 0 0 0 16", 0x3412L),
                // divmul64
                row("divmul64 div by zero is 0", "b7 0 0 0 7; b7 1 0 0 0; 3f 0 1 0 0", 0L),
                row("divmul64 mod by zero keeps dst", "b7 0 0 0 7; b7 1 0 0 0; 9f 0 1 0 0", 7L),
                row("divmul64 udiv imm sign-extended", "b7 0 0 0 -1; 37 0 0 0 -1", 1L),
                row("divmul64 sdiv", "b7 0 0 0 -7; 37 0 0 1 2", -3L),
                row("divmul64 smod", "b7 0 0 0 -7; 97 0 0 1 2", -1L),
                row("divmul64 sdiv MIN by -1", "18 0 0 0 0; 00 0 0 0 0x80000000; 37 0 0 1 -1", Long.MIN_VALUE),
                row("divmul64 smod MIN by -1", "18 0 0 0 0; 00 0 0 0 0x80000000; 97 0 0 1 -1", 0L),
                row("divmul64 umod", "b7 0 0 0 17; 97 0 0 0 5", 2L),
                // divmul32
                row("divmul32 udiv", "b4 0 0 0 -1; 34 0 0 0 2", 0x7fff_ffffL),
                row("divmul32 div by zero", "b4 0 0 0 9; b4 1 0 0 0; 3c 0 1 0 0", 0L),
                row("divmul32 mod by zero truncates", "b7 0 0 0 -1; b4 1 0 0 0; 9c 0 1 0 0", 0xffff_ffffL),
                row("divmul32 sdiv MIN by -1", "b4 0 0 0 0x80000000; 34 0 0 1 -1", 0x8000_0000L),
                row("divmul32 smod", "b4 0 0 0 -7; 94 0 0 1 3", 0xffff_ffffL),
                row("divmul32 mul32", "b4 0 0 0 0x10000; 24 0 0 0 0x10000", 0L),
                // memory and stack
                row("mem stack store/load", "7a 10 0 -8 0x1234; 79 0 10 -8 0", 0x1234L),
                row("mem ldxb from r1", "71 0 1 1 0", 0x22L),
                row("mem ldxh little-endian", "69 0 1 0 0", 0x2211L),
                row("mem ldsx byte", "91 0 1 3 0", -1L),
                row("mem ldsx half", "89 0 1 2 0", (long) (short) 0xff33),
                row("mem stx then ldxdw", "b7 2 0 0 -2; 7b 1 2 0 0; 79 0 1 0 0", -2L),
                // packet: legacy loads, network byte order, out of range ends the program with 0
                row("packet ldabsw", "20 0 0 0 0", 0x112233ffL),
                row("packet ldabsh", "28 0 0 0 1", 0x2233L),
                row("packet ldabsb", "30 0 0 0 3", 0xffL),
                row("packet ldindh", "b7 3 0 0 2; 48 0 3 0 -1", 0x2233L),
                row("packet ldabs past the end returns 0", "b7 0 0 0 9; 20 0 0 0 6; b7 0 0 0 1", 0L),
                // atomic64 and atomic32
                row("atomic64 add", "b7 2 0 0 5; 7a 10 0 -8 10; db 10 2 -8 0x00; 79 0 10 -8 0", 15L),
                row("atomic64 fetch_add returns old", "b7 2 0 0 5; 7a 10 0 -8 10; db 10 2 -8 0x01; bf 0 2 0 0", 10L),
                row("atomic64 or/and/xor", "7a 10 0 -8 0xf0; b7 2 0 0 0x0f; db 10 2 -8 0x40; b7 2 0 0 0x3c;"
                        + " db 10 2 -8 0x50; b7 2 0 0 0xff; db 10 2 -8 0xa1; 79 0 10 -8 0", 0xc3L),
                row("atomic64 xchg", "7a 10 0 -8 1; b7 2 0 0 2; db 10 2 -8 0xe1; 79 0 10 -8 0; 0f 0 2 0 0", 3L),
                row("atomic64 cmpxchg hit", "7a 10 0 -8 7; b7 0 0 0 7; b7 2 0 0 9; db 10 2 -8 0xf1; 79 0 10 -8 0", 9L),
                row("atomic64 cmpxchg miss", "7a 10 0 -8 7; b7 0 0 0 8; b7 2 0 0 9; db 10 2 -8 0xf1; 79 1 10 -8 0; 0f 0 1 0 0", 14L),
                row("atomic32 fetch_add zero-extends", "62 10 0 -4 -1; b7 2 0 0 1; c3 10 2 -4 0x01; bf 0 2 0 0", 0xffff_ffffL),
                row("atomic32 add wraps", "62 10 0 -4 -1; b7 2 0 0 2; c3 10 2 -4 0x00; 61 0 10 -4 0", 1L),
                row("atomic32 cmpxchg compares low half", "62 10 0 -4 3; 18 0 0 0 3; 00 0 0 0 1; b7 2 0 0 4; c3 10 2 -4 0xf1; 61 1 10 -4 0; 0f 0 1 0 0", 7L),
                // jumps
                row("jmp jsgt signed", "b7 0 0 0 0; b7 1 0 0 -1; 65 1 0 1 0; b7 0 0 0 1", 1L),
                row("jmp jgt unsigned", "b7 0 0 0 0; b7 1 0 0 -1; 25 1 0 1 0; b7 0 0 0 1", 0L),
                row("jmp32 jeq low half", "18 1 0 0 5; 00 0 0 0 1; b7 0 0 0 0; 16 1 0 1 5; b7 0 0 0 1", 0L),
                row("jmp jset", "b7 0 0 0 1; b7 1 0 0 6; 45 1 0 1 1; b7 0 0 0 2", 2L),
                row("gotol", "b7 0 0 0 1; 06 0 0 0 1; b7 0 0 0 2", 1L),
                row("may_goto loop ends", "b7 0 0 0 0; e5 0 0 2 0; 07 0 0 0 1; 05 0 0 -3 0", 8L << 20),
                // calls
                row("local call keeps r6-r9", "b7 6 0 0 3; 85 0 1 0 2; 0f 0 6 0 0; " + EXIT
                        + "; b7 6 0 0 100; b7 0 0 0 4; " + EXIT, 7L),
                row("local call gets a fresh frame", "7a 10 0 -8 5; 85 0 1 0 2; 79 0 10 -8 0; " + EXIT
                        + "; 7a 10 0 -8 9; " + EXIT, 5L),
                row("callx helper id from register", "b7 3 0 0 7; 8d 3 0 0 0; b7 1 0 0 0; 2d 0 1 0 0;"
                        + " 07 0 0 0 0", -1L));
    }

    private static Arguments row(String name, String prog, long r0) {
        return Arguments.of(name, prog + (prog.endsWith(EXIT) ? "" : "; " + EXIT), r0);
    }

    private static final byte[] MEM = {0x11, 0x22, 0x33, (byte) 0xff, 0, 0, 0, 0};

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runs(String name, String prog, long r0) {
        if (name.startsWith("callx")) {
            // prandom is random: only check that the call returned and the program went on.
            long v = BareMachine.run(Asm.insns(prog), MEM, 1_000_000);
            assertTrue(v >= 0 && v <= 0xffff_ffffL, name + ": " + v);
            return;
        }
        assertEquals(r0, BareMachine.run(Asm.insns(prog), MEM, 100_000_000), name);
    }

    @Test
    void outOfBoundsNamesInsnAndRegion() {
        RunFault f = assertThrows(RunFault.class,
                () -> BareMachine.run(Asm.insns("b7 0 0 0 0; 79 0 1 4 0; " + EXIT), MEM, 1000));
        assertEquals(RunFault.Kind.OUT_OF_BOUNDS, f.kind());
        assertEquals(1, f.insnIndex());
        assertTrue(f.getMessage().contains("memory"), f.getMessage());
    }

    @Test
    void stackUnderflowBelowFrameFaults() {
        RunFault f = assertThrows(RunFault.class,
                () -> BareMachine.run(Asm.insns("7a 10 0 -520 1; " + EXIT), MEM, 1000));
        assertEquals(RunFault.Kind.OUT_OF_BOUNDS, f.kind());
        assertTrue(f.getMessage().contains("stack frame 0"), f.getMessage());
    }

    @Test
    void infiniteLoopExhaustsBudget() {
        RunFault f = assertThrows(RunFault.class,
                () -> BareMachine.run(Asm.insns("05 0 0 -1 0; " + EXIT), MEM, 10_000));
        assertEquals(RunFault.Kind.BUDGET_EXHAUSTED, f.kind());
    }

    @Test
    void recursionStopsAtEightFrames() {
        RunFault f = assertThrows(RunFault.class,
                () -> BareMachine.run(Asm.insns("85 0 1 0 -1; " + EXIT), MEM, 10_000));
        assertEquals(RunFault.Kind.CALL_DEPTH, f.kind());
    }

    @Test
    void fallingOffTheEndAndJumpingIntoLdImm64Fault() {
        assertEquals(RunFault.Kind.BAD_INSN, assertThrows(RunFault.class,
                () -> BareMachine.run(Asm.insns("b7 0 0 0 0"), MEM, 1000)).kind());
        assertEquals(RunFault.Kind.BAD_INSN, assertThrows(RunFault.class,
                () -> BareMachine.run(Asm.insns("05 0 0 1 0; 18 0 0 0 1; 00 0 0 0 0; " + EXIT),
                        MEM, 1000)).kind());
        assertEquals(RunFault.Kind.BAD_INSN, assertThrows(RunFault.class,
                () -> BareMachine.run(Asm.insns("05 0 0 100 0; " + EXIT), MEM, 1000)).kind());
    }
}
