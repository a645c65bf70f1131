package dev.ebld.btf;

import dev.ebld.btf.c.HeaderWriter;
import dev.ebld.btf.c.Spelling;
import dev.ebld.btf.dump.RawDump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of bad BTF gives a BtfFormatException naming the offset (and type id). */
class BtfValidationTest {
    private static final int INT_NAME = 1;

    /** Encodes {@code types} (after an INT 'int' with id 1) as little-endian .BTF bytes. */
    private static byte[] blob(BtfType... types) {
        BtfStrings strs = BtfStrings.of("\0int\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        List<BtfType> all = new ArrayList<>();
        all.add(new BtfType.IntType("int", INT_NAME, false, 4, BtfType.IntType.SIGNED, 0, 32));
        all.addAll(List.of(types));
        return BtfWriter.write(Btf.of(all, strs, ByteOrder.LITTLE_ENDIAN, null));
    }

    private static BtfFormatException fails(byte[] data) {
        return catchThrowableOfType(BtfFormatException.class, () -> BtfReader.read(data));
    }

    @Test
    void truncatedHeader() {
        BtfFormatException e = fails(java.util.Arrays.copyOf(blob(), 10));
        assertThat(e.offset()).isZero();
        assertThat(e.reason()).contains("truncated");
    }

    @Test
    void badMagicAndHeaderLength() {
        byte[] b = blob();
        b[0] = 0x12;
        assertThat(fails(b).reason()).contains("bad magic");
        byte[] h = blob();
        ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 8);
        assertThat(fails(h).offset()).isEqualTo(4);
    }

    @Test
    void sectionPastTheEnd() {
        byte[] b = blob();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 4096);
        BtfFormatException e = fails(b);
        assertThat(e.offset()).isEqualTo(8);
        assertThat(e.reason()).contains("type section");
    }

    @Test
    void truncatedTypeRecord() {
        byte[] b = blob(new BtfType.Ptr("", 0, false, 1));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        // claim the INT's 16 bytes plus 8 of the PTR's 12; strings move to follow
        byte[] cut = new byte[24 + 24 + 5];
        System.arraycopy(b, 0, cut, 0, 48);
        System.arraycopy(b, 24 + 28, cut, 48, 5);
        ByteBuffer c = ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(12, 24).putInt(16, 24);
        assertThat(bb.getInt(12)).isEqualTo(28);
        BtfFormatException e = fails(cut);
        assertThat(e.reason()).contains("truncated");
        assertThat(e.typeId()).isEqualTo(2);
        assertThat(e.offset()).isEqualTo(24 + 16);
    }

    @Test
    void unknownKind() {
        byte[] b = blob(new BtfType.Ptr("", 0, false, 1));
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 16 + 4, 25 << 24);
        BtfFormatException e = fails(b);
        assertThat(e.reason()).contains("unknown kind 25");
        assertThat(e.offset()).isEqualTo(24 + 16 + 4);
        assertThat(e.typeId()).isEqualTo(2);
    }

    @Test
    void typeIdOutOfRange() {
        BtfFormatException e = fails(blob(new BtfType.Ptr("", 0, false, 99)));
        assertThat(e.typeId()).isEqualTo(2);
        assertThat(e.offset()).isEqualTo(24 + 16);
        assertThat(e.reason()).contains("99");
    }

    @Test
    void stringOffsetOutOfRange() {
        BtfFormatException e = fails(blob(new BtfType.Typedef("?", 77, false, 1)));
        assertThat(e.typeId()).isEqualTo(2);
        assertThat(e.reason()).contains("string offset 77");
    }

    @Test
    void typedefConstLoopIsRejected() {
        BtfFormatException e = fails(blob(new BtfType.Typedef("int", INT_NAME, false, 3),
                new BtfType.Const("", 0, false, 2)));
        assertThat(e.reason()).contains("cycle");
        assertThat(e.typeId()).isBetween(2, 3);
        assertThat(e.offset()).isPositive();
    }

    @Test
    void pointerLoopWithoutStructIsRejected() {
        assertThat(fails(blob(new BtfType.Ptr("", 0, false, 2))).reason()).contains("cycle");
    }

    @Test
    void structContainingItselfByValueIsRejected() {
        BtfType.Struct s = new BtfType.Struct("int", INT_NAME, false, 4,
                List.of(new BtfType.Member("int", INT_NAME, 2, 0, 0)));
        assertThat(fails(blob(s)).reason()).contains("by value");
    }

    @Test
    void structPointingToItselfIsFine() throws Exception {
        BtfType.Struct s = new BtfType.Struct("int", INT_NAME, false, 8,
                List.of(new BtfType.Member("int", INT_NAME, 3, 0, 0)));
        Btf btf = BtfReader.read(blob(s, new BtfType.Ptr("", 0, false, 2)));
        assertThat(Spelling.name(btf, 3)).isEqualTo("struct int *");
        assertThat(BtfTypes.sizeOf(btf, 2)).isEqualTo(8);
    }

    @Test
    void longChainsNeitherOverflowTheStackNorLoop() throws Exception {
        int n = 100_000;
        BtfType[] chain = new BtfType[n];
        for (int i = 0; i < n; i++) {
            chain[i] = new BtfType.Const("", 0, false, i + 1); // id i+2 -> id i+1
        }
        Btf btf = BtfReader.read(blob(chain));
        assertThat(BtfTypes.sizeOf(btf, n + 1)).isEqualTo(4);
        assertThat(BtfTypes.skipModifiers(btf, n + 1)).isEqualTo(1);
        chain[0] = new BtfType.Const("", 0, false, n + 1); // close the loop
        BtfFormatException e = fails(blob(chain));
        assertThat(e.reason()).contains("cycle");
    }

    @Test
    void deeplyNestedStructsGiveTypedErrorsNotStackOverflow() throws Exception {
        int n = 5000;
        BtfType[] nest = new BtfType[n + 1];
        for (int i = 0; i < n; i++) {
            nest[i] = new BtfType.Struct("", 0, false, 4, List.of(new BtfType.Member("", 0, i + 1, 0, 0)));
        }
        nest[n] = new BtfType.Typedef("int", INT_NAME, false, n + 1); // names the outermost struct
        Btf btf = BtfReader.read(blob(nest));
        assertThat(BtfTypes.sizeOf(btf, n + 1)).isEqualTo(4);
        assertThatThrownBy(() -> BtfTypes.alignOf(btf, n + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nests more than");
        assertThat(RawDump.text(btf)).startsWith("[1] INT 'int'");
        assertThatThrownBy(() -> HeaderWriter.write(btf)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("too deep for the C dump");

        BtfStrings.Builder sb = new BtfStrings.Builder();
        BtfType[] named = new BtfType[n + 1];
        named[0] = new BtfType.IntType("int", sb.add("int"), false, 4, BtfType.IntType.SIGNED, 0, 32);
        for (int i = 1; i <= n; i++) { // struct id k holds struct id k + 1; the last holds the int
            named[i] = new BtfType.Struct("s" + i, sb.add("s" + i), false, 4,
                    List.of(new BtfType.Member("m", sb.add("m"), i == n ? 1 : i + 2, 0, 0)));
        }
        Btf deep = Btf.of(List.of(named), sb.build(), ByteOrder.LITTLE_ENDIAN, null);
        assertThatThrownBy(() -> HeaderWriter.write(deep)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("too deep for the C dump");
    }

    @Test
    void reservedBitsAreRejected() {
        byte[] b = blob(new BtfType.Ptr("", 0, false, 1));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(24 + 16 + 4, bb.getInt(24 + 16 + 4) | 0x00010000);
        assertThat(fails(b).reason()).contains("reserved bits");
    }

    @Test
    void corruptBtfNamesTheBtfSectionOffsetAndType() {
        byte[] b = blob(new BtfType.Ptr("", 0, false, 1));
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 16 + 4, 25 << 24);
        BtfFormatException e = fails(b);
        assertThat(e.section()).isEqualTo(BtfSection.BTF);
        assertThat(e.structure()).isEqualTo("type section");
        assertThat(e.offset()).isEqualTo(24 + 16 + 4);
        assertThat(e.typeId()).isEqualTo(2);
        assertThat(e.file()).isNull();
        assertThat(e.getMessage()).isEqualTo(".BTF type section at offset 0x2c (type [2]): unknown kind 25")
                .isEqualTo(e.detail());
        assertThat(e.inFile("x.o").getMessage()).isEqualTo("x.o: " + e.detail());
        assertThat(e.inFile("x.o").section()).isEqualTo(BtfSection.BTF);

        BtfFormatException cut = fails(java.util.Arrays.copyOf(blob(), 10));
        assertThat(cut.section()).isEqualTo(BtfSection.BTF);
        assertThat(cut.offset()).isZero();
    }

    /** .BTF.ext shares the magic and header checks with .BTF; its problems must still be in .BTF.ext. */
    @Test
    void corruptBtfExtNamesTheExtSectionAndOffset() throws Exception {
        byte[] btfBytes = blob(new BtfType.FuncProto("", 0, false, 1, List.of()),
                new BtfType.Func("int", INT_NAME, false, 2, BtfType.Func.GLOBAL));
        Btf btf = BtfReader.read(btfBytes);
        byte[] good = BtfExtWriter.write(BtfExt.of(ByteOrder.LITTLE_ENDIAN, 8, List.of(new BtfExt.SectionInfo<>(
                "int", INT_NAME, List.of(new BtfExt.FuncInfo(0, 3, new byte[0])))), 16, List.of(), 16, List.of()));

        byte[] badMagic = good.clone();
        badMagic[0] = 0x12;
        BtfFormatException magic = catchThrowableOfType(BtfFormatException.class, () -> BtfExtReader.read(badMagic, btf));
        assertThat(magic.section()).isEqualTo(BtfSection.BTF_EXT);
        assertThat(magic.offset()).isZero();
        assertThat(magic.getMessage()).startsWith(".BTF.ext header at offset 0x0: bad magic");

        BtfFormatException cut = catchThrowableOfType(BtfFormatException.class,
                () -> BtfExtReader.read(java.util.Arrays.copyOf(good, 12), btf));
        assertThat(cut.section()).isEqualTo(BtfSection.BTF_EXT);
        assertThat(cut.reason()).contains("truncated");

        // func_info's one record (after the 32-byte header, the record size and the 8-byte
        // section entry) names type id 50 in its second word.
        byte[] badType = good.clone();
        ByteBuffer.wrap(badType).order(ByteOrder.LITTLE_ENDIAN).putInt(32 + 4 + 8 + 4, 50);
        BtfFormatException type = catchThrowableOfType(BtfFormatException.class, () -> BtfExtReader.read(badType, btf));
        assertThat(type.section()).isEqualTo(BtfSection.BTF_EXT);
        assertThat(type.structure()).isEqualTo("func_info");
        assertThat(type.offset()).isEqualTo(32 + 4 + 8 + 4);
        assertThat(type.typeId()).isEqualTo(50);
    }

    @Test
    void btfExtWithTooSmallRecordSizeIsRejected() throws Exception {
        byte[] btfBytes = blob(new BtfType.FuncProto("", 0, false, 1, List.of()),
                new BtfType.Func("int", INT_NAME, false, 2, BtfType.Func.GLOBAL));
        Btf btf = BtfReader.read(btfBytes);
        BtfExt ext = BtfExt.of(ByteOrder.LITTLE_ENDIAN, 8, List.of(new BtfExt.SectionInfo<>("int", INT_NAME,
                List.of(new BtfExt.FuncInfo(0, 3, new byte[0])))), 16, List.of(), 16, List.of());
        byte[] good = BtfExtWriter.write(ext);
        assertThat(BtfExtReader.read(good, btf)).isEqualTo(ext);
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(32, 4);
        BtfFormatException e = catchThrowableOfType(BtfFormatException.class, () -> BtfExtReader.read(bad, btf));
        assertThat(e.offset()).isEqualTo(32);
        assertThat(e.reason()).contains("record size 4");
        byte[] badType = good.clone();
        ByteBuffer.wrap(badType).order(ByteOrder.LITTLE_ENDIAN).putInt(32 + 4 + 8 + 4, 50);
        assertThatThrownBy(() -> BtfExtReader.read(badType, btf)).isInstanceOf(BtfFormatException.class)
                .hasMessageContaining("type id 50");
    }
}
