package dev.ebld.btf;

import dev.ebld.btf.c.Spelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BtfTypesTest {
    private static Btf btf;
    private static BtfType.Struct everything;
    private static int everythingId;

    @BeforeAll
    static void read() throws Exception {
        Path obj = Fixtures.root().resolve("obj/btf_kinds-el.o");
        btf = BtfReader.read(Fixtures.section(obj, ".BTF").orElseThrow());
        everythingId = btf.find("everything", BtfKind.STRUCT).orElseThrow();
        everything = (BtfType.Struct) btf.type(everythingId);
    }

    private static int member(String name) {
        int i = BtfTypes.memberIndex(everything, name).orElseThrow();
        return everything.members().get(i).type();
    }

    @Test
    void cSpellingOfMemberTypes() {
        assertThat(Spelling.name(btf, member("rp"))).isEqualTo("int *restrict");
        assertThat(Spelling.name(btf, member("matrix"))).isEqualTo("int[2][3]");
        assertThat(Spelling.name(btf, member("ci"))).isEqualTo("const int");
        assertThat(Spelling.name(btf, member("cvl"))).isEqualTo("const volatile long");
        assertThat(Spelling.name(btf, member("fs"))).isEqualTo("struct fwd_struct *");
        assertThat(Spelling.name(btf, member("fu"))).isEqualTo("union fwd_union *");
        assertThat(Spelling.name(btf, member("fn"))).isEqualTo("binop_fn");
        assertThat(Spelling.name(btf, member("next"))).isEqualTo("struct everything *");
        assertThat(Spelling.name(btf, member("anon_struct"))).isEqualTo("struct {...}");
        assertThat(Spelling.name(btf, member("flex"))).isEqualTo("char[0]");
    }

    @Test
    void cSpellingOfFunctionsAndPointers() {
        int fn = ((BtfType.Typedef) btf.type(member("fn"))).type();
        assertThat(Spelling.name(btf, fn)).isEqualTo("int (*)(int, int)");
        int func = btf.find("global_with_proto", BtfKind.FUNC).orElseThrow();
        assertThat(Spelling.name(btf, func)).isEqualTo("int global_with_proto(struct everything *, unsigned long)");
        assertThat(Spelling.declaration(btf, func, "")).isEqualTo(
                "int global_with_proto(struct everything *e, unsigned long cookie)");
        int xdp = ((BtfType.Func) btf.type(btf.find("xdp_kinds", BtfKind.FUNC).orElseThrow())).type();
        assertThat(Spelling.name(btf, xdp)).isEqualTo("int (struct xdp_md *)");
        int table = ((BtfType.Var) btf.type(btf.find("const_table", BtfKind.VAR).orElseThrow())).type();
        assertThat(Spelling.name(btf, table)).isEqualTo("const int[4]");
        assertThat(Spelling.name(btf, 0)).isEqualTo("void");
    }

    @Test
    void sizesAndAlignment() {
        assertThat(BtfTypes.sizeOf(btf, everythingId)).isEqualTo(200);
        assertThat(BtfTypes.alignOf(btf, everythingId)).isEqualTo(8);
        assertThat(BtfTypes.sizeOf(btf, member("matrix"))).isEqualTo(24);
        assertThat(BtfTypes.alignOf(btf, member("matrix"))).isEqualTo(4);
        assertThat(BtfTypes.sizeOf(btf, member("rp"))).isEqualTo(8);
        assertThat(BtfTypes.sizeOf(btf, member("typedefd"))).isEqualTo(8);
        assertThat(BtfTypes.sizeOf(btf, member("cvl"))).isEqualTo(8);
        assertThat(BtfTypes.alignOf(btf, member("num"))).isEqualTo(8);
        assertThat(BtfTypes.hasSize(btf, member("fs"))).isTrue();
        int fwd = ((BtfType.Ptr) btf.type(member("fs"))).type();
        assertThat(BtfTypes.hasSize(btf, fwd)).isFalse();
        assertThatThrownBy(() -> BtfTypes.sizeOf(btf, fwd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FWD 'fwd_struct' has no size");
    }

    @Test
    void bitfieldLayout() {
        BtfType.Struct bits = (BtfType.Struct) btf.type(member("bits"));
        assertThat(bits.kindFlag()).isTrue();
        assertThat(BtfTypes.memberLayout(btf, bits, 1)).isEqualTo(new BtfTypes.MemberLayout(3, 13));
        assertThat(BtfTypes.memberLayout(btf, bits, 3)).isEqualTo(new BtfTypes.MemberLayout(20, 40));
        BtfTypes.MemberLayout c = BtfTypes.memberLayout(btf, everything, BtfTypes.memberIndex(everything, "num").orElseThrow());
        assertThat(c.byteOffset()).isEqualTo(88);
        assertThat(c.isBitfield()).isFalse();
    }

    @Test
    void skippingModifiersAndTypedefs() {
        int cvl = member("cvl");
        assertThat(btf.type(BtfTypes.skipModifiers(btf, cvl)).name()).isEqualTo("long");
        int td = member("typedefd");
        assertThat(BtfTypes.skipModifiers(btf, td)).isEqualTo(td);
        assertThat(btf.type(BtfTypes.skipModifiersAndTypedefs(btf, td)).name()).isEqualTo("unsigned long long");
        assertThat(BtfTypes.findAll(btf, "int", BtfKind.INT)).hasSize(1);
        assertThat(BtfTypes.findAll(btf, "int", BtfKind.STRUCT)).isEmpty();
    }

    @Test
    void resolveSizeAgreesWithSizeOfAndHasSizeOnEveryFixtureType() {
        for (int id = 0; id < btf.typeCount(); id++) {
            java.util.OptionalLong size = BtfTypes.resolveSize(btf, id);
            assertThat(size.isPresent()).as("type [%d]", id).isEqualTo(BtfTypes.hasSize(btf, id));
            if (size.isPresent()) {
                assertThat(BtfTypes.sizeOf(btf, id)).isEqualTo(size.getAsLong());
            } else {
                int none = id;
                assertThatThrownBy(() -> BtfTypes.sizeOf(btf, none)).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(BtfTypes.resolveSize(btf, member("matrix"))).hasValue(24);
        assertThat(BtfTypes.resolveSize(btf, 0)).isEmpty();
    }

    /**
     * The edges libbpf's btf__resolve_size answers with an error: kinds without size, arrays of
     * them, and (only in BTF built in code) a loop or a size past a long.
     */
    @Test
    void resolveSizeIsEmptyAtTheEdges() {
        java.util.List<BtfType> types = java.util.List.of(
                new BtfType.IntType("", 0, false, 4, 0, 0, 32),                      // 1
                new BtfType.Typedef("", 0, false, 1),                                 // 2
                new BtfType.Array("", 0, false, 2, 1, 3),                             // 3: int[3] via typedef
                new BtfType.Fwd("", 0, false),                                        // 4
                new BtfType.Array("", 0, false, 4, 1, 2),                             // 5: array of FWD
                new BtfType.FuncProto("", 0, false, 1, java.util.List.of()),          // 6
                new BtfType.DeclTag("", 0, false, 1, -1),                             // 7
                new BtfType.Typedef("", 0, false, 9),                                 // 8: loop 8 -> 9 -> 8
                new BtfType.Typedef("", 0, false, 8),                                 // 9
                new BtfType.Array("", 0, false, 11, 1, -1),                           // 10: 2^32-1 of 11
                new BtfType.Array("", 0, false, 12, 1, -1),                           // 11: 2^32-1 of 12
                new BtfType.Struct("", 0, false, 0xffff, java.util.List.of()));       // 12: 2^16-1 bytes
        Btf b = Btf.of(types, BtfStrings.of(new byte[1]), java.nio.ByteOrder.LITTLE_ENDIAN, null);
        assertThat(BtfTypes.resolveSize(b, 3)).hasValue(12);
        assertThat(BtfTypes.resolveSize(b, 11)).hasValue(0xffffffffL * 0xffff);
        for (int none : new int[] {0, 4, 5, 6, 7, 8, 10}) {
            assertThat(BtfTypes.resolveSize(b, none)).as("type [%d]", none).isEmpty();
            assertThatThrownBy(() -> BtfTypes.sizeOf(b, none)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("type [" + none + "]").hasMessageEndingWith("has no size");
        }
    }
}
