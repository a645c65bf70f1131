package dev.ebld.btf;

import dev.ebld.btf.c.Spelling;
import dev.ebld.btf.dump.RawDump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BTF built in code: written in the standard layout, read back equal; unencodable fields refused. */
class BtfWriterTest {

    private static Btf build(List<BtfType> types, BtfStrings strs, ByteOrder order) {
        return Btf.of(types, strs, order, null);
    }

    @Test
    void builtBtfReadsBackEqualInBothByteOrders() throws Exception {
        BtfStrings.Builder sb = new BtfStrings.Builder();
        int intName = sb.add("int");
        List<BtfType> types = List.of(
                new BtfType.IntType("int", intName, false, 4, BtfType.IntType.SIGNED, 0, 32),
                new BtfType.Struct("s", sb.add("s"), true, 8, List.of(
                        new BtfType.Member("a", sb.add("a"), 1, 0, 3),
                        new BtfType.Member("b", sb.add("b"), 1, 3, 29),
                        new BtfType.Member("c", sb.add("c"), 1, 32, 0))),
                new BtfType.Enum64Type("e", sb.add("e"), true, 8, List.of(
                        new BtfType.Enum64Value("MIN", sb.add("MIN"), Long.MIN_VALUE))),
                new BtfType.FuncProto("", 0, false, 1, List.of(new BtfType.Param("x", sb.add("x"), 2),
                        new BtfType.Param("", 0, 0))),
                new BtfType.Func("f", sb.add("f"), false, 4, BtfType.Func.EXTERN));
        BtfStrings strs = sb.build();
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            Btf built = build(types, strs, order);
            byte[] bytes = BtfWriter.write(built);
            Btf back = BtfReader.read(bytes);
            assertThat(back).isEqualTo(built);
            assertThat(back.byteOrder()).isEqualTo(order);
        }
        Btf btf = build(types, strs, ByteOrder.LITTLE_ENDIAN);
        assertThat(Spelling.name(btf, 5)).isEqualTo("int f(struct s, ...)");
        assertThat(RawDump.text(btf)).contains("[3] ENUM64 'e' encoding=SIGNED size=8 vlen=1\n\t'MIN' val=-9223372036854775808LL");
    }

    @Test
    void btfExtRecordsLargerThanKnownKeepTheirExtraBytes() throws Exception {
        BtfStrings.Builder sb = new BtfStrings.Builder();
        int intName = sb.add("int");
        int sec = sb.add("xdp");
        int file = sb.add("a.c");
        int line = sb.add("return 0;");
        Btf btf = build(List.of(
                new BtfType.IntType("int", intName, false, 4, BtfType.IntType.SIGNED, 0, 32),
                new BtfType.FuncProto("", 0, false, 1, List.of()),
                new BtfType.Func("f", sb.add("f"), false, 2, BtfType.Func.GLOBAL)), sb.build(), ByteOrder.BIG_ENDIAN);
        byte[] extra = {1, 2, 3, 4};
        BtfExt ext = BtfExt.of(ByteOrder.BIG_ENDIAN,
                12, List.of(new BtfExt.SectionInfo<>("xdp", sec, List.of(new BtfExt.FuncInfo(0, 3, extra)))),
                20, List.of(new BtfExt.SectionInfo<>("xdp", sec, List.of(
                        new BtfExt.LineInfo(0, file, "a.c", line, "return 0;", 7 << 10 | 2, extra)))),
                24, List.of(new BtfExt.SectionInfo<>("xdp", sec, List.of(
                        new BtfExt.CoreRelo(8, 1, intName, "int", 8, new byte[8])))));
        byte[] bytes = BtfExtWriter.write(ext);
        Btf back = BtfReader.read(BtfWriter.write(btf));
        BtfExt read = BtfExtReader.read(bytes, back);
        assertThat(read).isEqualTo(ext);
        assertThat(read.funcInfo().recordSize()).isEqualTo(12);
        assertThat(read.funcInfo().sections().get(0).records().get(0).extra()).containsExactly(1, 2, 3, 4);
        BtfExt.LineInfo li = read.lineInfo().sections().get(0).records().get(0);
        assertThat(li.lineNumber()).isEqualTo(7);
        assertThat(li.column()).isEqualTo(2);
        assertThat(BtfExtWriter.write(read)).isEqualTo(bytes);
    }

    @Test
    void unencodableFieldsAreRefused() {
        BtfStrings strs = new BtfStrings.Builder().build();
        Btf wide = build(List.of(new BtfType.Struct("", 0, true, 8, List.of(
                new BtfType.Member("", 0, 0, 1 << 24, 1)))), strs, ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> BtfWriter.write(wide)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind_flag 1");
        Btf noFlag = build(List.of(new BtfType.Struct("", 0, false, 8, List.of(
                new BtfType.Member("", 0, 0, 0, 3)))), strs, ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> BtfWriter.write(noFlag)).isInstanceOf(IllegalArgumentException.class);
        Btf bigInt = build(List.of(new BtfType.IntType("", 0, false, 4, 16, 0, 32)), strs, ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> BtfWriter.write(bigInt)).isInstanceOf(IllegalArgumentException.class);
    }
}
