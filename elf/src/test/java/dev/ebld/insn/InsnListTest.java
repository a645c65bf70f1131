package dev.ebld.insn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InsnListTest {

    private static final Insn EXIT = new Jump.Exit();

    @Test
    void slotOffsetsCountLdImm64AsTwo() {
        InsnList l = InsnList.builder()
                .add(LdImm64.of(Reg.R1, 5))
                .add(EXIT)
                .build();
        assertEquals(0, l.slotOffset(0));
        assertEquals(2, l.slotOffset(1));
        assertEquals(3, l.slotCount());
        assertEquals(1, l.indexAtSlot(2));
        assertEquals(-1, l.indexAtSlot(1), "the middle of ld_imm64 starts no instruction");
    }

    @Test
    void subprogCallsResolveToSlotDistanceMinusOne() {
        InsnList main = InsnList.builder()
                .label("main")
                .add(LdImm64.of(Reg.R1, 0), new Reference.Map("counters"))
                .add(Jump.Call.local(-1), new Reference.Subprog("sub"))
                .add(EXIT)
                .build();
        InsnList sub = InsnList.builder().label("sub").add(EXIT).build();
        InsnList all = main.append(sub);

        assertEquals(4, all.indexOf("sub").orElseThrow() + 1);
        List<Insn> out = all.resolve((insn, ref, slot) -> {
            assertEquals(new Reference.Map("counters"), ref);
            assertEquals(0, slot);
            return new LdImm64(Reg.R1, PseudoSrc.MAP_FD, 42);
        });
        // call at slot 2, sub at slot 4: imm = 4 - 2 - 1.
        assertEquals(Jump.Call.local(1), out.get(1));
        assertEquals(new LdImm64(Reg.R1, PseudoSrc.MAP_FD, 42), out.get(0));
    }

    @Test
    void functionPointerBecomesPseudoFunc() {
        InsnList l = InsnList.builder()
                .add(LdImm64.of(Reg.R2, 0), new Reference.Subprog("cb"))
                .add(EXIT)
                .label("cb")
                .add(EXIT)
                .build();
        List<Insn> out = l.resolve((insn, ref, slot) -> insn);
        assertEquals(new LdImm64(Reg.R2, PseudoSrc.FUNC, 2), out.get(0));
    }

    @Test
    void missingLabelIsAnError() {
        InsnList l = InsnList.builder().add(Jump.Call.local(-1), new Reference.Subprog("gone")).build();
        UnresolvedReferenceException e = assertThrows(UnresolvedReferenceException.class,
                () -> l.resolve((insn, ref, slot) -> insn));
        assertEquals("slot 0: reference to gone: no instruction is labelled gone", e.getMessage());
    }

    @Test
    void sliceAndResolvedKeepReferencesInPlace() {
        InsnList l = InsnList.builder()
                .add(EXIT)
                .label("f")
                .add(LdImm64.of(Reg.R1, 0), new Reference.MapValue("g.bss", 8))
                .add(EXIT)
                .build();
        InsnList s = l.slice(1, 3);
        assertEquals(new Reference.MapValue("g.bss", 8), s.reference(0).orElseThrow());
        assertEquals("f", s.label(0).orElseThrow());
        InsnList r = s.resolved(0, new LdImm64(Reg.R1, PseudoSrc.MAP_VALUE, 3L | 8L << 32));
        assertTrue(r.references().isEmpty());
        assertEquals(s.slotCount(), r.slotCount());
    }
}
