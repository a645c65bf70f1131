package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.insn.Alu;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CO-RE without a kernel: against the object's own BTF every relocation finds the type the
 * compiler saw, so every relocated value is the compiled one and the code is unchanged; against
 * a BTF without those types, existence and size relocations give 0 and the rest are poisoned
 * ({@code call 0xbad2310}, an {@code ld_imm64} as two such calls), as libbpf does.
 */
class CoreRelocationTest {
    private static final Insn POISON = Jump.Call.helper(0xbad2310);

    @ParameterizedTest
    @ValueSource(strings = {"core_reloc-el.o", "core_more-el.o"})
    void ownBtfAsTargetIsAmbiguousThroughFlavors(String obj) {
        // Both task_struct and task_struct___probe are candidates for task_struct: libbpf
        // refuses such a target the same way.
        BpfObject o = Fixtures.open(obj);
        LoadOptions opts = LoadOptions.defaults().withTargetBtf(o.btf().orElseThrow());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.load(new RecordingKernel(), opts))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.CORE_RELO);
                    assertThat(e.getMessage()).contains("relocation decision ambiguity");
                });
    }

    /**
     * Against the object's own types (flavors made anonymous) the values are the local ones,
     * which libbpf's log shows as the "imm A" side of each patch for this object; except the
     * bitfield's byte size, where clang wrote 8 and libbpf's rule (smallest load holding the
     * bitfield, from the field type's size) gives 4, as it does against the kernel.
     */
    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void ownTypesGiveTheLocalValues(String order) {
        BpfObject o = Fixtures.open("core_reloc-" + order + ".o");
        RecordingKernel k = new RecordingKernel();
        k.order = o.byteOrder();
        LoadOptions opts = LoadOptions.defaults().withTargetBtf(withoutFlavors(o.btf().orElseThrow()));
        try (LoadedObject l = o.load(k, opts)) {
            // Offsets of real_parent, tgid, pid, the bitfield's load, its size, shifts
            // (big-endian counts the left shift from the other end), signedness, comm. Clang's
            // big-endian code asks for the bitfield's size once more, first.
            assertThat(relocated(o, l, "core_read_task")).containsExactlyElementsOf(order.equals("el")
                    ? List.of(16L, 4L, 0L, 8L, 4L, 63L, 0L, 63L, 63L, 24L)
                    : List.of(16L, 4L, 0L, 4L, 8L, 4L, 32L, 0L, 63L, 63L, 24L));
            // type_exists x2, field_exists (flavor gone: 0), enumval_exists (0), PIDTYPE_SID,
            // sizeof pid, sizeof task_struct, local type id.
            assertThat(relocated(o, l, "xdp_core_checks")).containsExactly(1L, 1L, 0L, 0L, 3L, 4L, 40L, 16L);
        }
    }

    /** The relocated value at each CO-RE relocation of {@code prog}, in .BTF.ext order. */
    private static List<Long> relocated(BpfObject o, LoadedObject l, String prog) {
        List<Insn> insns = l.program(prog).attr().insns();
        return o.program(prog).orElseThrow().entry().coreRelos().stream().map(r -> imm(insns, r.slot())).toList();
    }

    private static long imm(List<Insn> insns, int slot) {
        Insn i = LibbpfParityTest.atSlot(insns, slot);
        return i instanceof LdImm64 ld ? ld.imm() : ((Alu) i).imm();
    }

    /** The same BTF with every {@code ___flavor} struct and enum made anonymous. */
    private static Btf withoutFlavors(Btf btf) {
        List<BtfType> types = new java.util.ArrayList<>();
        for (BtfType t : btf.types()) {
            if (t instanceof BtfType.Struct st && st.name().contains("___")) {
                types.add(new BtfType.Struct("", 0, st.kindFlag(), st.size(), st.members()));
            } else if (t instanceof BtfType.EnumType en && en.name().contains("___")) {
                types.add(new BtfType.EnumType("", 0, en.kindFlag(), en.size(), en.values()));
            } else {
                types.add(t);
            }
        }
        return Btf.of(types, btf.strings(), btf.byteOrder(), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"el"})
    void missingTypesGiveZeroOrPoison(String order) {
        BpfObject o = Fixtures.open("core_reloc-" + order + ".o");
        RecordingKernel k = new RecordingKernel();
        LoadOptions opts = LoadOptions.defaults().withTargetBtf(Fixtures.open("progs_multi-el.o").btf().orElseThrow());
        try (LoadedObject l = o.load(k, opts)) {
            List<Insn> checks = l.program("xdp_core_checks").attr().insns();
            // Slots as libbpf reports them for this object (LibbpfParityTest): 0 type_exists,
            // 7 field_exists, 10 enumval_exists (ld_imm64), 14 enumval_value (ld_imm64),
            // 17 byte_sz, 20 type_size, 25 local_type_id (ld_imm64).
            assertThat(((Alu) LibbpfParityTest.atSlot(checks, 0)).imm()).isZero();
            assertThat(((Alu) LibbpfParityTest.atSlot(checks, 7)).imm()).isZero();
            assertThat(((LdImm64) LibbpfParityTest.atSlot(checks, 10)).imm()).isZero();
            assertThat(LibbpfParityTest.atSlot(checks, 14)).isEqualTo(POISON);
            assertThat(LibbpfParityTest.atSlot(checks, 15)).isEqualTo(POISON);
            assertThat(LibbpfParityTest.atSlot(checks, 17)).isEqualTo(POISON);
            assertThat(((Alu) LibbpfParityTest.atSlot(checks, 20)).imm()).isZero();
            assertThat(((LdImm64) LibbpfParityTest.atSlot(checks, 25)).imm()).isEqualTo(16);
            List<Insn> read = l.program("core_read_task").attr().insns();
            assertThat(LibbpfParityTest.atSlot(read, 2)).isEqualTo(POISON);
        }
    }
}
