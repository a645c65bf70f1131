package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebld.insn.Reference;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgType;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opening objects: programs, subprograms, maps, globals, and the located errors of bad input. */
class BpfObjectTest {

    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void programsAndSubprogramsOfEitherByteOrder(String order) {
        BpfObject o = Fixtures.open("progs_multi-" + order + ".o");
        assertThat(o.programs()).extracting(BpfProgram::name)
                .containsExactly("xdp_calls", "xdp_loop", "xdp_bpf_loop", "tc_classify", "raw_tp_count");
        assertThat(o.program("tc_classify").orElseThrow().def().type()).isEqualTo(ProgType.SCHED_CLS);
        assertThat(o.subprograms().keySet()).containsExactlyInAnyOrder("global_sub", "static_sub", "loop_step");
        BpfProgram calls = o.program("xdp_calls").orElseThrow();
        assertThat(calls.entry().code().references()).containsValues(
                new Reference.Subprog("global_sub"), new Reference.Subprog("static_sub"));
        assertThat(o.program("xdp_bpf_loop").orElseThrow().entry().code().references())
                .containsValue(new Reference.Subprog("loop_step"));
    }

    @Test
    void sectionsGiveTypeAttachTypeAndAutoload() {
        BpfObject o = Fixtures.open("loader_sections-el.o");
        BpfProgram off = o.program("xdp_off").orElseThrow();
        assertThat(off.autoload()).isFalse();
        assertThat(off.section()).isEqualTo("?xdp");
        assertThat(o.program("xdp_frags").orElseThrow().def().xdpFrags()).isTrue();
        assertThat(o.program("tcx_in").orElseThrow().def().expectedAttachType()).contains(AttachType.TCX_INGRESS);
        assertThat(o.program("cg_egress").orElseThrow().def().type()).isEqualTo(ProgType.CGROUP_SKB);
        assertThat(o.program("sys_prog").orElseThrow().def().sleepable()).isTrue();
        assertThat(o.program("tp_getpid").orElseThrow().def().type()).isEqualTo(ProgType.TRACEPOINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void btfDefinedMapsWithInnerMapsAndSlots(String order) {
        BpfObject o = Fixtures.open("maps_btf-" + order + ".o");
        assertThat(o.maps()).extracting(BpfMap::name).containsExactly(
                "inner_a", "inner_b", "outer_arr", "jump_table", "counters", "flows", "outer_hash");
        BpfMap flows = o.map("flows").orElseThrow();
        assertThat(List.of(flows.type(), flows.keySize(), flows.valueSize(), flows.maxEntries(), flows.flags()))
                .containsExactly(MapType.HASH, 4, 16, 16, MapCreateAttr.F_NO_PREALLOC);
        BpfMap outer = o.map("outer_arr").orElseThrow();
        assertThat(outer.valueSize()).isEqualTo(4);
        assertThat(outer.inner()).map(BpfMap::type).contains(MapType.ARRAY);
        assertThat(outer.inner()).map(BpfMap::name).contains("outer_arr.inner");
        assertThat(outer.initialSlots()).isEqualTo(Map.of(0, "inner_a", 1, "inner_b"));
        assertThat(o.map("jump_table").orElseThrow().initialSlots()).isEqualTo(Map.of(1, "tail_target"));
        assertThat(o.map("outer_hash").orElseThrow().initialSlots()).isEmpty();
    }

    @Test
    void legacyMapDefinitions() {
        BpfObject o = Fixtures.open("maps_legacy-el.o");
        assertThat(o.maps()).extracting(m -> List.of(m.name(), m.type(), m.keySize(), m.valueSize(),
                m.maxEntries(), m.flags())).containsExactly(
                        List.of("old_counts", MapType.ARRAY, 4, 8, 2, 0),
                        List.of("old_hash", MapType.HASH, 8, 4, 32, 1));
        assertThat(o.program("legacy_user").orElseThrow().entry().code().references())
                .containsValues(new Reference.Map("old_counts"), new Reference.Map("old_hash"));
    }

    @Test
    void dataMapsNamedAndFlaggedLikeLibbpf() {
        BpfObject o = Fixtures.open("globals-el.o");
        // Names and flags as `bpftool prog loadall globals-el.o` creates them (libbpf 1.1).
        assertThat(o.maps()).extracting(m -> m.name() + " " + m.kind() + " " + m.valueSize() + " " + m.flags())
                .containsExactly("globals_.data DATA 24 1024", "globals_.rodata RODATA 32 1152",
                        ".data.custom DATA 4 1024", ".rodata.custom RODATA 4 1152",
                        "globals_.bss BSS 8 1024", ".data.zeroes DATA 8 1024");
        assertThat(o.globals().get("gpoint")).isEqualTo(new GlobalVar("gpoint", "globals_.data", 8, 16,
                o.globals().get("gpoint").typeId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"el", "eb"})
    void globalsBeforeLoadReadAndSetTheInitialImage(String order) {
        BpfObject o = Fixtures.open("globals-" + order + ".o");
        assertThat(o.global("data_var").getLong()).isEqualTo(7);
        assertThat(o.global("ro_var").getLong()).isEqualTo(11);
        assertThat(o.global("custom_ro").getInt()).isEqualTo(17);
        assertThat(o.global("bss_var").getLong()).isZero();
        o.global("ro_var").set(-42);
        assertThat(o.global("ro_var").getLong()).isEqualTo(-42);
        assertThat(new String(o.global("greeting").bytes(), 0, 10)).isEqualTo("hello, bpf");
        assertThatThrownBy(() -> o.global("greeting").getLong()).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> o.global("nope")).isInstanceOf(LoaderException.class)
                .hasMessageEndingWith("no global variable 'nope' in the object's data sections");
    }

    @Test
    void kconfigMapLaidOutLikeLibbpf() {
        BpfObject o = Fixtures.open("kconfig_ksym-el.o");
        // bpftool loadall makes kconfig.kconfig with a 10-byte value, flags 0x480.
        BpfMap k = o.map("kconfig.kconfig").orElseThrow();
        assertThat(List.of(k.kind(), k.valueSize(), k.flags())).containsExactly(MapKind.KCONFIG, 10, 1152);
        Map<Integer, Reference> refs = o.program("xdp_kconfig").orElseThrow().entry().code().references();
        assertThat(refs.values()).contains(new Reference.Kconfig("CONFIG_HZ", 0),
                new Reference.Kconfig("LINUX_KERNEL_VERSION", 4),
                new Reference.Kconfig("CONFIG_BPF_SYSCALL", 8),
                new Reference.Kconfig("CONFIG_EBLD_NO_SUCH_OPTION", 9),
                new Reference.Ksym("bpf_cast_to_kern_ctx", false), new Reference.Ksym("bpf_prog_put", true));
    }

    @Test
    void openFromBytesNamesTheObject() throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.obj("globals-el.o"));
        BpfObject o = BpfObject.open("mine.bpf.o", b);
        assertThat(o.name()).isEqualTo("mine");
        assertThat(o.map("mine.bss")).isPresent();
        assertThat(o.license()).isEqualTo("GPL");
    }

    @Test
    void unknownSectionIsALocatedError() {
        assertThatThrownBy(() -> Fixtures.open("loader_bad_sec-el.o"))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.UNKNOWN_SECTION);
                    assertThat(e.errno().name()).isEqualTo("ESRCH");
                    assertThat(e.toDiagnostic().format()).isEqualTo(Fixtures.obj("loader_bad_sec-el.o")
                            + ":(bogus/thing+0x0): error: failed to find program SEC definition for"
                            + " section 'bogus/thing'");
                });
    }

    /**
     * A BTF-defined map with a member libbpf does not know: maps_btf with "max_entries" renamed
     * "max_entriez" in its .BTF strings (a fixture of its own would break the BTF tests that
     * expect every fixture map to parse).
     */
    @Test
    void badMapDefinitionIsALocatedError() throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.obj("maps_btf-el.o"));
        dev.ebld.elf.Section btf = dev.ebld.elf.ElfReader.read(b, "x").section(".BTF").orElseThrow();
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\0max_entries\0", (int) btf.fileOffset());
        assertThat(at).isBetween((int) btf.fileOffset(), (int) (btf.fileOffset() + btf.size()));
        b[at + "\0max_entrie".length()] = 'z';
        assertThatThrownBy(() -> BpfObject.open("bad_map.o", b))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.BAD_MAP);
                    assertThat(e.errno().name()).isEqualTo("EINVAL");
                    assertThat(e.location().symbol()).isEqualTo("inner_a");
                    assertThat(e.toDiagnostic().format()).isEqualTo("bad_map.o:(.maps+0x0): error:"
                            + " map 'inner_a': unknown field 'max_entriez'");
                });
    }

    /** globals-el.o with the first .BTF type's info word set to the unknown kind 25. */
    @Test
    void corruptBtfIsLocatedInTheBtfSection() throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.obj("globals-el.o"));
        long btf = sectionOffset(b, ".BTF");
        int info = 24 + 4; // type section right after the 24-byte header; info follows name_off
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) btf + info, 25 << 24);
        assertThatThrownBy(() -> BpfObject.open("bad_btf.o", b))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.BAD_BTF);
                    assertThat(e.errno().name()).isEqualTo("EINVAL");
                    assertThat(e.location()).isEqualTo(dev.ebld.diag.Location.at("bad_btf.o", ".BTF", info));
                    assertThat(e.toDiagnostic().format()).isEqualTo("bad_btf.o:(.BTF+0x1c): error:"
                            + " .BTF type section at offset 0x1c (type [1]): unknown kind 25");
                });
    }

    /** globals-el.o with func_info's record size cut to 4 (libbpf wants at least 8). */
    @Test
    void corruptBtfExtIsLocatedInTheBtfExtSection() throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.obj("globals-el.o"));
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int ext = (int) sectionOffset(b, ".BTF.ext");
        int recSize = bb.getInt(ext + 4) + bb.getInt(ext + 8); // hdr_len + func_info_off
        bb.putInt(ext + recSize, 4);
        assertThatThrownBy(() -> BpfObject.open("bad_ext.o", b))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.BAD_BTF);
                    assertThat(e.location()).isEqualTo(dev.ebld.diag.Location.at("bad_ext.o", ".BTF.ext", recSize));
                    assertThat(e.toDiagnostic().format()).isEqualTo("bad_ext.o:(.BTF.ext+0x" + Integer.toHexString(recSize)
                            + "): error: .BTF.ext func_info at offset 0x" + Integer.toHexString(recSize)
                            + ": record size 4 is not a multiple of 4 of at least 8");
                });
    }

    private static long sectionOffset(byte[] object, String name) throws Exception {
        return dev.ebld.elf.ElfReader.read(object, "x").section(name).orElseThrow().fileOffset();
    }

    @Test
    void truncatedElfIsALocatedError() throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.obj("globals-el.o"));
        assertThatThrownBy(() -> BpfObject.open("cut.o", java.util.Arrays.copyOf(b, 100)))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.BAD_ELF);
                    assertThat(e.location().file()).isEqualTo("cut.o");
                });
    }

    @Test
    void bigEndianObjectOpens() {
        BpfObject o = Fixtures.open("maps_btf-eb.o");
        assertThat(o.byteOrder()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
        assertThat(o.btf()).isNotEqualTo(Optional.empty());
    }
}
