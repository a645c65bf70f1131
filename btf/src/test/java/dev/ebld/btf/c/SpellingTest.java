package dev.ebld.btf.c;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.TestBtf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpellingTest {

    @Test
    void declaratorsReadInsideOut() {
        TestBtf t = new TestBtf();
        int i32 = t.intType("int", 4, true);
        int chr = t.intType("char", 1, true);
        int constCharPtr = t.ptr(t.cnst(chr));
        int constPtr = t.cnst(t.ptr(i32));
        int arr = t.array(i32, i32, 4);
        int ptrToArr = t.ptr(arr);
        int fnPtr = t.ptr(t.proto(i32, "", t.ptr(0), "", t.intType("long", 8, true)));
        int arrOfFnPtr = t.array(fnPtr, i32, 2);
        int variadic = t.proto(i32, "fmt", constCharPtr, "", 0);
        int anon = t.ptr(t.union("", 4, "x", i32, 0));
        Btf b = t.build();
        assertThat(Spelling.type(b, constCharPtr)).isEqualTo("const char *");
        assertThat(Spelling.type(b, constPtr)).isEqualTo("int *const");
        assertThat(Spelling.type(b, arr)).isEqualTo("int[4]");
        assertThat(Spelling.type(b, ptrToArr)).isEqualTo("int (*)[4]");
        assertThat(Spelling.type(b, fnPtr)).isEqualTo("int (*)(void *, long)");
        assertThat(Spelling.type(b, arrOfFnPtr)).isEqualTo("int (*[2])(void *, long)");
        assertThat(Spelling.type(b, variadic)).isEqualTo("int (const char *fmt, ...)");
        assertThat(Spelling.type(b, anon)).isEqualTo("union {...} *");
        assertThat(Spelling.type(b, 0)).isEqualTo("void");
    }

    @Test
    void declarationsCarryStorageClassAndName() {
        TestBtf t = new TestBtf();
        int i32 = t.intType("int", 4, true);
        int v = t.var("counters", t.array(t.ptr(i32), i32, 8), BtfType.Var.STATIC);
        int f = t.func("handler", t.proto(0, "ctx", t.ptr(t.fwd("xdp_md", false))), BtfType.Func.EXTERN);
        Btf b = t.build();
        assertThat(Spelling.declaration(b, v)).isEqualTo("static int *counters[8]");
        assertThat(Spelling.declaration(b, f)).isEqualTo("extern void handler(struct xdp_md *ctx)");
    }

    @Test
    void declTagsAndSectionsAreDecorationsAroundTheDeclaration() {
        TestBtf t = new TestBtf();
        int i32 = t.intType("int", 4, true);
        int f = t.func("step", t.proto(i32, "x", i32), BtfType.Func.STATIC);
        int tag = t.add(new BtfType.DeclTag("hot", t.off("hot"), false, f, -1));
        int sec = t.add(new BtfType.Datasec(".data", t.off(".data"), false, 0, java.util.List.of()));
        Btf b = t.build();
        assertThat(Spelling.declaration(b, tag))
                .isEqualTo("static int step(int x) __attribute__((btf_decl_tag(\"hot\")))");
        assertThat(Spelling.declaration(b, sec)).isEqualTo("SEC(\".data\")");
        assertThat(Spelling.declaration(b, f, "")).isEqualTo("int step(int x)");
    }
}
