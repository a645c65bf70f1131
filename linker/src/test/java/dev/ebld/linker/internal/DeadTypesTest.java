package dev.ebld.linker.internal;

import dev.ebld.btf.BtfType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeadTypesTest {
    private static final BtfType INT = new BtfType.IntType("int", 1, false, 4, BtfType.IntType.SIGNED, 0, 32);

    /**
     * 1 int; 2 proto (ctx); 3 FUNC f; 4 an extern's orphaned proto; 5 a struct emitted on its own
     * (top level in its input); 6 a VAR no DATASEC lists; 7 the PTR proto 2 takes.
     */
    private static List<BtfType> types() {
        return List.of(INT,
                new BtfType.FuncProto("", 0, false, 1, List.of(new BtfType.Param("ctx", 5, 7))),
                new BtfType.Func("f", 9, false, 2, BtfType.Func.GLOBAL),
                new BtfType.FuncProto("", 0, false, 1, List.of(new BtfType.Param("", 0, 1))),
                new BtfType.Struct("emitted", 11, false, 4, List.of(new BtfType.Member("a", 19, 1, 0, 0))),
                new BtfType.Var("_license", 21, false, 1, BtfType.Var.GLOBAL),
                new BtfType.Ptr("", 0, false, 1));
    }

    @Test
    void keepsWhatRootsReachAndWhatInputsDefinedAtTopLevel() {
        List<boolean[]> asked = new ArrayList<>();
        DeadTypes.Pruned p = DeadTypes.prune(types(), Optional.empty(), unreached -> {
            asked.add(unreached.clone());
            boolean[] top = new boolean[unreached.length];
            top[5] = true; // the emitted struct; the proto and the VAR were referred to in their inputs
            return top;
        });
        assertThat(asked).singleElement().satisfies(u -> assertThat(u).containsExactly(
                false, false, false, false, true, true, true, false));
        assertThat(p.types()).extracting(BtfType::name).containsExactly("int", "", "f", "emitted", "");
        assertThat(p.newIds()).containsExactly(0, 1, 2, 3, 0, 4, 0, 5);
        assertThat(((BtfType.FuncProto) p.types().get(1)).params().get(0).type()).isEqualTo(5);
        assertThat(p.droppedAny()).isTrue();
    }

    @Test
    void allLiveAsksNothingAndKeepsTheList() {
        List<BtfType> types = List.of(INT, new BtfType.FuncProto("", 0, false, 1, List.of()),
                new BtfType.Func("f", 9, false, 2, BtfType.Func.GLOBAL));
        DeadTypes.Pruned p = DeadTypes.prune(types, Optional.empty(), u -> {
            throw new AssertionError("asked although every type was reached");
        });
        assertThat(p.droppedAny()).isFalse();
        assertThat(p.types()).isSameAs(types);
    }
}
