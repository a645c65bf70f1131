package dev.ebld.btf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.Fixtures;
import dev.ebld.btf.TestBtf;
import dev.ebld.btf.compat.CompatResult.Kind;
import org.junit.jupiter.api.Test;

/** The kernel's freplace rule, with the kernel's messages. */
class FreplaceCompatTest {

    /** A blob with {@code name(ctxStruct *ctx, <scalar> n)} returning {@code ret}. */
    private static Object[] func(String name, int linkage, String ctxStruct, int scalarSize, boolean enumRet) {
        TestBtf t = new TestBtf();
        int i32 = t.intType("int", 4, true);
        int scalar = t.intType(scalarSize == 4 ? "unsigned int" : "long", scalarSize, false);
        int ret = enumRet ? t.enumType("verdict", 4, "DROP", "PASS") : i32;
        int ctx = t.ptr(t.cnst(t.struct(ctxStruct, 8, "data", i32, 0)));
        int f = t.func(name, t.proto(t.typedef("ret_t", ret), "ctx", ctx, "n", scalar), linkage);
        return new Object[] {t.build(), f};
    }

    private static CompatResult check(Object[] repl, Object[] target) {
        return FreplaceCompat.check("target.o", (Btf) target[0], (Integer) target[1],
                "ext.o", (Btf) repl[0], (Integer) repl[1]);
    }

    @Test
    void sameShapeWithDifferentNamesAndModifiersMatches() {
        CompatResult r = check(func("new_fn", 1, "xdp_md", 4, false), func("old_fn", 1, "xdp_md", 4, false));
        assertThat(r.matches()).as(r.message()).isTrue();
    }

    @Test
    void contextStructsAreMatchedByName() {
        CompatResult r = check(func("new_fn", 1, "xdp_md", 4, false), func("old_fn", 1, "__sk_buff", 4, false));
        assertThat(r.kind()).isEqualTo(Kind.FREPLACE_MISMATCH);
        assertThat(r.message()).isEqualTo("""
                freplace mismatch for 'new_fn': arg0 new_fn(struct xdp_md *) doesn't match old_fn(struct __sk_buff *)
                >>> ext.o: ret_t new_fn(const struct xdp_md *ctx, unsigned int n)
                >>> target.o: ret_t old_fn(const struct __sk_buff *ctx, unsigned int n)""");
    }

    @Test
    void argumentSizesMustAgree() {
        CompatResult r = check(func("new_fn", 1, "xdp_md", 4, false), func("old_fn", 1, "xdp_md", 8, false));
        assertThat(r.reason()).isEqualTo("arg1 in new_fn() has size 4 while old_fn() has 8");
    }

    @Test
    void returnKindsMustAgree() {
        CompatResult r = check(func("new_fn", 1, "xdp_md", 4, true), func("old_fn", 1, "xdp_md", 4, false));
        assertThat(r.reason()).isEqualTo("Return type ENUM of new_fn() doesn't match type INT of old_fn()");
    }

    @Test
    void bothMustBeGlobal() {
        assertThat(check(func("new_fn", 0, "xdp_md", 4, false), func("old_fn", 1, "xdp_md", 4, false)).reason())
                .isEqualTo("new_fn() is not a global function");
        assertThat(check(func("new_fn", 1, "xdp_md", 4, false), func("old_fn", 0, "xdp_md", 4, false)).reason())
                .isEqualTo("old_fn() is not a global function");
    }

    @Test
    void argumentCountsMustAgree() {
        TestBtf t = new TestBtf();
        int i32 = t.intType("int", 4, true);
        int f = t.func("one_arg", t.proto(i32, "x", i32), 1);
        CompatResult r = check(new Object[] {t.build(), f}, func("old_fn", 1, "xdp_md", 4, false));
        assertThat(r.reason()).isEqualTo("one_arg() has 1 args while old_fn() has 2 args");
    }

    @Test
    void pointerToNonStructIsNotAContext() {
        TestBtf t = new TestBtf();
        int i32 = t.intType("int", 4, true);
        int f = t.func("p", t.proto(i32, "x", t.ptr(i32)), 1);
        Object[] side = {t.build(), f};
        assertThat(check(side, side).reason()).isEqualTo("arg0 in p() is not a pointer to context");
    }

    @Test
    void fixtureGlobalFunctionsReplaceThemselves() throws Exception {
        Btf b = BtfFiles.read(Fixtures.root().resolve("obj/link_calls_b-el.o"));
        int checked = 0;
        for (int id = 1; id < b.typeCount(); id++) {
            if (b.type(id) instanceof BtfType.Func f && f.linkage() == BtfType.Func.GLOBAL) {
                CompatResult r = FreplaceCompat.check(b, id, b, id);
                assertThat(r.matches()).as(r.message()).isTrue();
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }
}
