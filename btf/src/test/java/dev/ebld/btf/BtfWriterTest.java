package dev.ebld.btf;

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
        assertThat(BtfTypes.cName(btf, 5)).isEqualTo("int f(struct s, ...)");
        assertThat(BtfDumper.raw(btf)).contains("[3] ENUM64 'e' encoding=SIGNED size=8 vlen=1\n\t'MIN' val=-9223372036854775808LL");
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
