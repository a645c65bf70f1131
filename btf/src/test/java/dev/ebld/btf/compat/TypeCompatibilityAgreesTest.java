package dev.ebld.btf.compat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.Fixtures;
import dev.ebld.btf.TestBtf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cheap yes/no checks agree with the full results on every same-named pair in the fixtures. */
class TypeCompatibilityAgreesTest {

    private record Decl(Btf btf, int id) {
    }

    @Test
    void agreesIsMatchesWithoutTheSpelling() throws Exception {
        List<Decl> decls = new ArrayList<>();
        for (Path obj : Fixtures.objectsWithBtf()) {
            if (!obj.getFileName().toString().endsWith("-el.o")) {
                continue; // one byte order is enough: the checks never look at bytes
            }
            Btf btf = BtfFiles.read(obj);
            for (int id = 1; id < btf.typeCount(); id++) {
                BtfKind k = btf.type(id).kind();
                if ((k == BtfKind.FUNC || k == BtfKind.VAR) && !btf.type(id).name().isEmpty()) {
                    decls.add(new Decl(btf, id));
                }
            }
        }
        int mismatches = 0;
        int pairs = 0;
        for (Decl a : decls) {
            for (Decl b : decls) {
                if (!a.btf.type(a.id).name().equals(b.btf.type(b.id).name())) {
                    continue;
                }
                pairs++;
                boolean full = TypeCompatibility.externMatches("a.o", a.btf, a.id, "b.o", b.btf, b.id).matches();
                assertThat(TypeCompatibility.externAgrees(a.btf, a.id, b.btf, b.id)).as(a + " vs " + b).isEqualTo(full);
                mismatches += full ? 0 : 1;
                if (TypeCompatibility.isMapVar(a.btf, a.id) && TypeCompatibility.isMapVar(b.btf, b.id)) {
                    boolean map = TypeCompatibility.mapMatches("a.o", a.btf, a.id, "b.o", b.btf, b.id).matches();
                    assertThat(TypeCompatibility.mapAgrees(a.btf, a.id, b.btf, b.id)).as(a + " vs " + b).isEqualTo(map);
                }
            }
        }
        // The negative fixtures (neg_proto, neg_vartype, neg_map) must be among the pairs, or this proves little.
        assertThat(pairs).isGreaterThan(100);
        assertThat(mismatches).isPositive();
    }

    @Test
    void kindsOtherThanFuncAndVarNeverAgree() {
        TestBtf x = new TestBtf();
        int i = x.intType("int", 4, true);
        Btf b = x.build();
        assertThat(TypeCompatibility.externAgrees(b, i, b, i)).isFalse();
    }
}
