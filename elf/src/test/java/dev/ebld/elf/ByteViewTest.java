package dev.ebld.elf;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteViewTest {
    @Test
    void changingTheSourceOrACopyDoesNotChangeTheView() {
        byte[] src = {1, 2, 3, 4};
        ByteView v = ByteView.of(src);
        src[0] = 9;
        v.toArray()[1] = 9;
        assertThat(v.toArray()).containsExactly(1, 2, 3, 4);
        SectionContent.Bytes content = new SectionContent.Bytes(src);
        src[1] = 9;
        assertThat(content.data().toArray()).containsExactly(9, 2, 3, 4);
    }

    @Test
    void equalsAndHashCodeFollowContent() {
        ByteView a = ByteView.of(new byte[] {0, 1, 2, 3, 4, 5});
        ByteView b = ByteView.copyOf(new byte[] {7, 1, 2, 3, 7}, 1, 4);
        assertThat(a.slice(1, 4)).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b);
        assertThat(new SectionContent.Bytes(new byte[] {1, 2, 3}))
                .isEqualTo(new SectionContent.Bytes(new byte[] {1, 2, 3}));
        assertThat(ByteView.of(new byte[0])).isSameAs(ByteView.EMPTY);
        assertThat(b.contentEquals(new byte[] {1, 2, 3})).isTrue();
    }

    @Test
    void readsInEitherByteOrderWithinTheSlice() {
        ByteView v = ByteView.of(new byte[] {(byte) 0xff, 0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0, 0})
                .slice(1, 9);
        assertThat(v.u8(0)).isEqualTo(0x11);
        assertThat(v.u16(0, ByteOrder.BIG_ENDIAN)).isEqualTo(0x1122);
        assertThat(v.u32(0, ByteOrder.LITTLE_ENDIAN)).isEqualTo(0x44332211);
        assertThat(v.u64(0, ByteOrder.BIG_ENDIAN)).isEqualTo(0x1122334400000000L);
        assertThatThrownBy(() -> v.u32(5, ByteOrder.BIG_ENDIAN))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.slice(2, 9)).isInstanceOf(IndexOutOfBoundsException.class);
        byte[] out = new byte[3];
        v.copyTo(1, out, 0, 3);
        assertThat(out).containsExactly(0x22, 0x33, 0x44);
    }
}
