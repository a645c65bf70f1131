package dev.ebld.btf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.Fixtures;
import dev.ebld.btf.TestBtf;
import dev.ebld.btf.compat.CompatResult.Kind;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TypeCompatibilityTest {

    private static Btf fixture(String name) throws Exception {
        return BtfFiles.read(Fixtures.root().resolve("obj").resolve(name + ".o"));
    }

    private static int id(Btf btf, String name, BtfKind kind) {
        return btf.find(name, kind).orElseThrow(() -> new AssertionError(name + " not in BTF"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void externPrototypeMismatchShowsBothSidesInC(String order) throws Exception {
        Btf a = fixture("neg_proto_a-" + order);
        Btf b = fixture("neg_proto_b-" + order);
        CompatResult r = TypeCompatibility.externMatches("a.o", a, id(a, "proto_fn", BtfKind.FUNC),
                "b.o", b, id(b, "proto_fn", BtfKind.FUNC));
        assertThat(r.kind()).isEqualTo(Kind.TYPE_MISMATCH);
        assertThat(r.message()).isEqualTo("""
                type mismatch for 'proto_fn': parameter counts differ (2 vs 1)
                >>> a.o: extern int proto_fn(int, int)
                >>> b.o: int proto_fn(long x)""");
    }

    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void externVariableTypeMismatch(String order) throws Exception {
        Btf a = fixture("neg_vartype_a-" + order);
        Btf b = fixture("neg_vartype_b-" + order);
        CompatResult r = TypeCompatibility.externMatches("a.o", a, id(a, "typed_var", BtfKind.VAR),
                "b.o", b, id(b, "typed_var", BtfKind.VAR));
        assertThat(r.kind()).isEqualTo(Kind.TYPE_MISMATCH);
        assertThat(r.message()).isEqualTo("""
                type mismatch for 'typed_var': sizes differ (8 vs 4): 'long' in a.o vs 'int' in b.o
                >>> a.o: extern long typed_var
                >>> b.o: int typed_var""");
    }

    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void mapMaxEntriesMismatch(String order) throws Exception {
        Btf a = fixture("neg_map_a-" + order);
        Btf b = fixture("neg_map_b-" + order);
        int va = id(a, "mismatched", BtfKind.VAR);
        assertThat(TypeCompatibility.isMapVar(a, va)).isTrue();
        CompatResult r = TypeCompatibility.mapMatches("a.o", a, va, "b.o", b, id(b, "mismatched", BtfKind.VAR));
        assertThat(r.kind()).isEqualTo(Kind.MAP_MISMATCH);
        assertThat(r.message()).isEqualTo("""
                map mismatch for 'mismatched': max_entries differs (4 vs 8)
                >>> a.o: extern struct mismatched_def { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); \
                __type(key, __u32); __type(value, __u64); } mismatched
                >>> b.o: struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 8); \
                __type(key, __u32); __type(value, __u64); } mismatched""");
    }

    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void mapsSpelledThroughTypedefsMatch(String order) throws Exception {
        Btf a = fixture("link_maps_a-" + order);
        Btf b = fixture("link_maps_b-" + order);
        for (String map : new String[] {"shared_map", "a_only_map", "weak_map"}) {
            CompatResult r = TypeCompatibility.mapMatches("a.o", a, id(a, map, BtfKind.VAR),
                    "b.o", b, id(b, map, BtfKind.VAR));
            assertThat(r.matches()).as(r.message()).isTrue();
        }
    }

    /** Every global or extern symbol declared in both link_calls/link_vars inputs matches. */
    @ParameterizedTest
    @ValueSource(strings = {"link_calls", "link_vars", "link_weakfn", "link_weakdata"})
    void linkFixturesMatchAcrossInputs(String scenario) throws Exception {
        Btf a = fixture(scenario + "_a-el");
        Btf b = fixture(scenario + "_b-el");
        int compared = 0;
        for (int ida = 1; ida < a.typeCount(); ida++) {
            BtfType t = a.type(ida);
            if (!(t instanceof BtfType.Func || t instanceof BtfType.Var) || linkage(t) == 0) {
                continue;
            }
            for (int idb : b.findByName(t.name())) {
                if (b.type(idb).kind() == t.kind() && linkage(b.type(idb)) != 0) {
                    CompatResult r = TypeCompatibility.externMatches("a.o", a, ida, "b.o", b, idb);
                    assertThat(r.matches()).as(r.message()).isTrue();
                    compared++;
                }
            }
        }
        assertThat(compared).isPositive();
    }

    private static int linkage(BtfType t) {
        return t instanceof BtfType.Func f ? f.linkage() : ((BtfType.Var) t).linkage();
    }

    @Test
    void modifiersTypedefsAndParameterNamesAreIgnored() {
        TestBtf x = new TestBtf();
        int i32 = x.intType("int", 4, true);
        int ci = x.cnst(x.typedef("s32", i32));
        int fx = x.func("f", x.proto(i32, "a", ci, "b", x.ptr(x.fwd("sk", false))), BtfType.Func.EXTERN);
        TestBtf y = new TestBtf();
        int j32 = y.intType("int", 4, true);
        int sk = y.struct("sk", 4, "len", j32, 0);
        int fy = y.func("f", y.proto(j32, "", j32, "", y.ptr(sk)), BtfType.Func.GLOBAL);
        CompatResult r = TypeCompatibility.externMatches("x.o", x.build(), fx, "y.o", y.build(), fy);
        assertThat(r.matches()).as(r.message()).isTrue();
    }

    @Test
    void structByValueComparesMembersExactly() {
        TestBtf x = new TestBtf();
        int i32 = x.intType("int", 4, true);
        int vx = x.var("v", x.struct("pair", 8, "a", i32, 0, "b", i32, 32), BtfType.Var.EXTERN);
        TestBtf y = new TestBtf();
        int j32 = y.intType("int", 4, true);
        int vy = y.var("v", y.struct("pair", 8, "a", j32, 0, "c", j32, 32), BtfType.Var.GLOBAL);
        CompatResult r = TypeCompatibility.externMatches("x.o", x.build(), vx, "y.o", y.build(), vy);
        assertThat(r.kind()).isEqualTo(Kind.TYPE_MISMATCH);
        assertThat(r.reason()).isEqualTo("names differ ('b' vs 'c') at member #1 of 'struct pair' in x.o vs "
                + "'struct pair' in y.o");
        assertThat(r.leftC()).isEqualTo("extern struct pair v");
    }

    @Test
    void forwardDeclarationMustMatchTheDefinedKind() {
        TestBtf x = new TestBtf();
        int vx = x.var("p", x.ptr(x.fwd("thing", true)), BtfType.Var.EXTERN);
        TestBtf y = new TestBtf();
        int vy = y.var("p", y.ptr(y.struct("thing", 0)), BtfType.Var.GLOBAL);
        CompatResult r = TypeCompatibility.externMatches("x.o", x.build(), vx, "y.o", y.build(), vy);
        assertThat(r.kind()).isEqualTo(Kind.TYPE_MISMATCH);
        assertThat(r.message()).isEqualTo("""
                type mismatch for 'p': forward declaration does not match the defined kind: \
                'union thing' in x.o vs 'struct thing' in y.o
                >>> x.o: extern union thing *p
                >>> y.o: struct thing *p""");
    }

    @Test
    void staticAgainstGlobalIsRefused() {
        TestBtf x = new TestBtf();
        int fx = x.func("f", x.proto(0), BtfType.Func.STATIC);
        TestBtf y = new TestBtf();
        int fy = y.func("f", y.proto(0), BtfType.Func.GLOBAL);
        CompatResult r = TypeCompatibility.externMatches(x.build(), fx, y.build(), fy);
        assertThat(r.reason()).isEqualTo("one function is static, the other is not");
        assertThat(r.message()).contains(">>> first: static void f(void)", ">>> second: void f(void)");
    }

    @Test
    void notAFunctionOrVariableIsInvalid() {
        TestBtf x = new TestBtf();
        int i = x.intType("int", 4, true);
        Btf b = x.build();
        assertThat(TypeCompatibility.externMatches(b, i, b, i).kind()).isEqualTo(Kind.INVALID);
    }

    @Test
    void mapInnerMapAndPinningAreCompared() {
        Btf x = mapInMap(16, 1);
        Btf y = mapInMap(32, 1);
        int vx = id(x, "outer", BtfKind.VAR);
        CompatResult r = TypeCompatibility.mapMatches("x.o", x, vx, "y.o", y, id(y, "outer", BtfKind.VAR));
        assertThat(r.reason()).isEqualTo("inner map: max_entries differs (16 vs 32)");
        assertThat(r.leftC()).isEqualTo("struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 1); "
                + "__uint(pinning, 1); __array(values, struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); "
                + "__uint(max_entries, 16); }); } outer");
        Btf z = mapInMap(16, 0);
        r = TypeCompatibility.mapMatches("x.o", x, vx, "z.o", z, id(z, "outer", BtfKind.VAR));
        assertThat(r.reason()).isEqualTo("pinning differs (1 vs 0)");
        assertThat(TypeCompatibility.mapMatches("x.o", x, vx, "x.o", x, vx).matches()).isTrue();
    }

    /** outer: array of maps pinned by name ({@code pinning}) whose inner map has {@code innerMax} entries. */
    private static Btf mapInMap(int innerMax, int pinning) {
        TestBtf t = new TestBtf();
        int u32 = t.intType("unsigned int", 4, false);
        int idx = t.intType("__ARRAY_SIZE_TYPE__", 4, false);
        int inner = t.struct("inner", 16, "type", t.ptr(t.array(u32, idx, 2)), 0,
                "max_entries", t.ptr(t.array(u32, idx, innerMax)), 64);
        int values = t.array(t.ptr(inner), idx, 0);
        int outer = t.struct("", 24, "type", t.ptr(t.array(u32, idx, 12)), 0,
                "max_entries", t.ptr(t.array(u32, idx, 1)), 64,
                "pinning", t.ptr(t.array(u32, idx, pinning)), 128, "values", values, 192);
        t.var("outer", outer, BtfType.Var.GLOBAL);
        return t.build();
    }

    @Test
    void unknownMapFieldIsInvalid() {
        TestBtf t = new TestBtf();
        int u32 = t.intType("unsigned int", 4, false);
        int def = t.struct("", 16, "type", t.ptr(t.array(u32, u32, 2)), 0, "colour", u32, 64);
        int v = t.var("m", def, BtfType.Var.GLOBAL);
        Btf b = t.build();
        CompatResult r = TypeCompatibility.mapMatches("x.o", b, v, "x.o", b, v);
        assertThat(r.kind()).isEqualTo(Kind.INVALID);
        assertThat(r.reason()).isEqualTo("invalid map definition in x.o: unknown field 'colour'");
    }

    @Test
    void fixtureMapsParseStrictly() throws Exception {
        for (Path obj : Fixtures.objectsWithBtf()) {
            Btf btf = BtfFiles.read(obj);
            for (int id = 1; id < btf.typeCount(); id++) {
                if (btf.type(id) instanceof BtfType.Var && TypeCompatibility.isMapVar(btf, id)) {
                    CompatResult r = TypeCompatibility.mapMatches("x", btf, id, "x", btf, id);
                    assertThat(r.matches()).as(obj + ": " + r.message()).isTrue();
                }
            }
        }
    }
}
