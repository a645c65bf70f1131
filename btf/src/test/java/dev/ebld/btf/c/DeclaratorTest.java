package dev.ebld.btf.c;

import dev.ebld.btf.Bpftool;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.TestBtf;
import dev.ebld.testkit.RequiresTool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Declarators where qualifiers and arrays or functions meet: the cases the message speller used
 * to get wrong while {@link Spelling#name} got them right, now that both use {@link Declarator}.
 * clang-19 judges the expected spellings: each must name the same type as a declaration written
 * the natural way, and each old wrong spelling must not.
 */
class DeclaratorTest {

    /**
     * One BTF type chain, its C spelling, a C declaration of {@code ref} with that type written
     * by hand (null when clang has no warning-free way to write it), and the spelling the message
     * speller used to give when it was a different type (else null).
     */
    record Row(String name, ToIntFunction<TestBtf> build, String c, String ref, String oldWrong) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Row> rows() {
        return List.of(
                new Row("pointer to const array", t -> t.ptr(t.cnst(t.array(i32(t), i32(t), 4))),
                        "const int (*)[4]", "const int (*ref)[4]", "const int *[4]"),
                new Row("const array of pointers", t -> t.cnst(t.array(t.ptr(i32(t)), i32(t), 4)),
                        "int *const [4]", "typedef int *ptrs4[4]; const ptrs4 ref", "const int *[4]"),
                new Row("const volatile pointer, cv in chain order", t -> t.cnst(volatil(t, t.ptr(i32(t)))),
                        "int *const volatile", "int *volatile const ref", null),
                new Row("const array of const elements", t -> t.cnst(t.array(t.cnst(i32(t)), i32(t), 4)),
                        "const int[4]", "typedef const int cint4[4]; const cint4 ref", null),
                new Row("const pointer to array", t -> t.cnst(t.ptr(t.array(i32(t), i32(t), 4))),
                        "int (*const)[4]", "int (*const ref)[4]", null),
                new Row("array of pointers to const arrays", t -> t.array(t.ptr(t.cnst(t.array(i32(t), i32(t), 2))),
                        i32(t), 3), "const int (*[3])[2]", "const int (*ref[3])[2]", null),
                new Row("pointer to volatile pointer to const", t -> t.ptr(volatil(t, t.ptr(t.cnst(chr(t))))),
                        "const char *volatile *", "const char *volatile *ref", null),
                new Row("pointer to const function type", t -> t.ptr(t.cnst(t.proto(i32(t), "", i32(t)))),
                        "int (*)(int)", "int (*ref)(int)", null));
    }

    private static int i32(TestBtf t) {
        return t.intType("int", 4, true);
    }

    private static int chr(TestBtf t) {
        return t.intType("char", 1, true);
    }

    private static int volatil(TestBtf t, int to) {
        return t.add(new BtfType.Volatile("", 0, false, to));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void queriesAndMessagesSpellTheSameCorrectC(Row row) {
        TestBtf t = new TestBtf();
        int id = row.build().applyAsInt(t);
        Btf btf = t.build();
        assertThat(Spelling.name(btf, id)).isEqualTo(row.c());
        assertThat(Spelling.type(btf, id)).isEqualTo(row.c());
    }

    @Test
    @RequiresTool("clang-19")
    void clangAgreesWithTheExpectedSpellings() throws Exception {
        StringBuilder src = new StringBuilder();
        int n = 0;
        for (Row row : rows()) {
            if (row.ref() == null) {
                continue;
            }
            n++;
            String ref = row.ref().replace("ref", "ref" + n).replace("ptrs4", "ptrs4_" + n)
                    .replace("cint4", "cint4_" + n);
            src.append(ref).append(";\n");
            // pointers to both: top-level qualifiers become pointee qualifiers, which must match too
            src.append(sameType(row.c(), "ref" + n, true, row.name()));
            if (row.oldWrong() != null) {
                src.append(sameType(row.oldWrong(), "ref" + n, false, row.name() + " (old spelling)"));
            }
        }
        // Every spelling is a _Static_assert: one that clang does not share fails the compile,
        // and exec turns the non-zero exit into an AssertionError carrying clang's message.
        Bpftool.exec(List.of("clang-19", "--target=bpf", "-fsyntax-only", "-Werror", "-x", "c", "-"),
                src.toString());
    }

    private static String sameType(String spelling, String ref, boolean same, String what) {
        return "_Static_assert(" + (same ? "" : "!") + "__builtin_types_compatible_p(__typeof__(" + spelling
                + ") *, __typeof__(" + ref + ") *), \"" + what + "\");\n";
    }

    @Test
    void typeTagsAreAttributesInMessagesOnly() {
        TestBtf t = new TestBtf();
        int user = t.add(new BtfType.TypeTag("user", t.off("user"), false, t.cnst(i32(t))));
        int p = t.ptr(user);
        int tagged = t.add(new BtfType.TypeTag("rcu", t.off("rcu"), false, t.ptr(i32(t))));
        Btf btf = t.build();
        assertThat(Spelling.name(btf, p)).isEqualTo("const int *");
        assertThat(Spelling.type(btf, p)).isEqualTo("__attribute__((btf_type_tag(\"user\"))) const int *");
        assertThat(Spelling.name(btf, tagged)).isEqualTo("int *");
        assertThat(Spelling.type(btf, tagged)).isEqualTo("int *__attribute__((btf_type_tag(\"rcu\")))");
    }
}
