package dev.ebld.btf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiBufferTest {
    private static final long[] EDGES = {0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 65535, 99999, 100000,
        999999999, 1000000000, 2147483646, 2147483647, 2147483648L, 4294967295L, 4294967296L,
        Long.MAX_VALUE, -1, -9, -10, -99, -100, -2147483647, -2147483648L, -2147483649L, Long.MIN_VALUE};

    @Test
    void decimalsMatchLongToString() {
        for (long v : EDGES) {
            assertThat(new AsciiBuffer(1).append(v).text()).as("%d", v).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void u32PrintsTheUnsignedValue() {
        assertThat(new AsciiBuffer(1).appendU32(-1).text()).isEqualTo("4294967295");
        assertThat(new AsciiBuffer(1).appendU32(Integer.MIN_VALUE).text()).isEqualTo("2147483648");
    }

    /** appendU32 divides by 100 with a multiply and a shift: every u32 must still print exactly. */
    @Test
    void u32MatchesIntegerToUnsignedStringAcrossTheRange() {
        AsciiBuffer b = new AsciiBuffer(16);
        StringBuilder want = new StringBuilder();
        for (long v = 0; v <= 0xffffffffL; v += v < 300_000 ? 1 : 65_521) {
            b.appendU32((int) v).append(' ');
            want.append(v).append(' ');
        }
        b.appendU32(-1);
        want.append("4294967295");
        assertThat(b.text()).isEqualTo(want.toString());
    }

    @Test
    void aNameWithoutNulRunsToTheEndOfTheArray() {
        byte[] strs = "\0abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(new AsciiBuffer(64).appendCString(strs, 1).text()).isEqualTo("abc");
        assertThat(new AsciiBuffer(1).appendCString(strs, 1).text()).isEqualTo("abc");
    }

    @Test
    void growsAndCopiesNamesUpToTheirNul() {
        byte[] strs = "\0abc\0d\u00e9f\0".getBytes(StandardCharsets.UTF_8);
        AsciiBuffer b = new AsciiBuffer(1);
        for (int i = 0; i < 100; i++) {
            b.append('\'').appendCString(strs, 1).append('\'');
        }
        b.appendCString(strs, 5);
        assertThat(b.length()).isEqualTo(500 + 4);
        assertThat(b.text()).startsWith("'abc''abc'").endsWith("'abc'd\u00e9f");
    }

    @Test
    void aSinkGetsEverythingInOrderEvenPastTheCapacity() {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        byte[] strs = ("\0" + "x".repeat(300) + "\0").getBytes(StandardCharsets.US_ASCII);
        AsciiBuffer b = new AsciiBuffer(64, sink);
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            b.append(i).append(' ');
            want.append(i).append(' ');
        }
        b.appendCString(strs, 1).append(-7L);
        want.append("x".repeat(300)).append(-7);
        b.flush();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo(want.toString());
    }
}
