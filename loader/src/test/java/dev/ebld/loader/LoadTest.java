package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.testkit.RequiresKernelBtf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading into a recording kernel: the exact attributes of every bpf(2) command. */
class LoadTest {

    private static RecordingKernel kernel() {
        RecordingKernel k = new RecordingKernel();
        k.kconfig.put("CONFIG_BPF_SYSCALL", "y");
        k.kconfig.put("CONFIG_HZ", "250");
        k.kallsyms.put("bpf_prog_put", 0xffffffff81234568L);
        return k;
    }

    @Test
    void subprogramsAppendedInLibbpfOrderWithFuncInfo() {
        RecordingKernel k = kernel();
        BpfObject o = Fixtures.open("progs_multi-el.o");
        try (LoadedObject l = o.load(k, LoadOptions.defaults())) {
            ProgLoadAttr a = l.program("xdp_calls").attr();
            // The layout `bpftool prog dump xlated` shows for the same object (LibbpfParityTest).
            assertThat(a.insns()).hasSize(16);
            assertThat(List.of(a.insns().get(3), a.insns().get(6), a.insns().get(9)))
                    .containsExactly(Jump.Call.local(5), Jump.Call.local(5), Jump.Call.local(2));
            Btf btf = o.btf().orElseThrow();
            assertThat(a.funcInfo()).extracting(f -> f.insnOff() + ":" + btf.type(f.typeId().value()).name())
                    .containsExactly("0:xdp_calls", "9:global_sub", "12:static_sub");
            assertThat(a.lineInfo()).extracting(li -> li.insnOff()).isSorted().allMatch(x -> x < 16);
            assertThat(a.lineInfo().get(0).insnOff()).isZero();
            ProgLoadAttr tc = l.program("tc_classify").attr();
            assertThat(tc.funcInfo()).extracting(FuncInfo::insnOff).containsExactly(0, 8, 11);
            ProgLoadAttr loop = l.program("xdp_bpf_loop").attr();
            assertThat(loop.insns()).filteredOn(i -> i instanceof LdImm64 ld && ld.src() == PseudoSrc.FUNC)
                    .hasSize(1);
        }
    }

    @Test
    void mapsCreatedInnerFirstAndSlotsFilled() {
        RecordingKernel k = kernel();
        try (LoadedObject l = Fixtures.open("maps_btf-el.o").load(k, LoadOptions.defaults())) {
            assertThat(k.calls.subList(0, 6)).containsExactly("btf_load", "map_create inner_a",
                    "map_create inner_b", "map_create outer_arr.inner", "map_create outer_arr", "close 6");
            MapCreateAttr outer = k.map("outer_arr");
            assertThat(outer.innerMap()).map(fd -> fd.value()).contains(6);
            assertThat(List.of(outer.keyType().value(), outer.valueType().value(), outer.valueSize()))
                    .containsExactly(0, 0, 4);
            MapCreateAttr counters = k.map("counters");
            assertThat(counters.btf()).isPresent();
            assertThat(counters.valueType().value()).isNotZero();
            int outerFd = l.map("outer_arr").fd().value();
            int innerB = l.map("inner_b").fd().value();
            assertThat(k.values.get(outerFd).get("01000000")).isEqualTo(le32(innerB));
            int jt = l.map("jump_table").fd().value();
            assertThat(k.values.get(jt).get("01000000")).isEqualTo(le32(l.program("tail_target").fd().value()));
            LdImm64 ld = (LdImm64) l.program("tail_caller").attr().insns().get(0);
            assertThat(ld).isEqualTo(new LdImm64(ld.dst(), PseudoSrc.MAP_FD, jt));
        }
    }

    @Test
    void globalDataRelocatedAsMapValueAndRodataFrozen() {
        RecordingKernel k = kernel();
        BpfObject o = Fixtures.open("globals-el.o");
        o.global("ro_var").set(99);
        try (LoadedObject l = o.load(k, LoadOptions.defaults())) {
            int data = l.map("globals_.data").fd().value();
            int ro = l.map("globals_.rodata").fd().value();
            List<Insn> insns = l.program("xdp_globals").attr().insns();
            assertThat(insns).contains(new LdImm64(dev.ebld.insn.Reg.R1, PseudoSrc.MAP_VALUE, data | 8L << 32));
            assertThat(k.frozen).containsExactlyInAnyOrder(ro, l.map(".rodata.custom").fd().value());
            assertThat(l.global("ro_var").getLong()).isEqualTo(99);
            assertThat(l.global("data_var").getLong()).isEqualTo(7);
            l.global("bss_var").set(5);
            assertThat(l.global("bss_var").getLong()).isEqualTo(5);
            assertThatThrownBy(() -> l.global("ro_var").set(1)).isInstanceOfSatisfying(
                    KernelException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
        }
    }

    @Test
    @RequiresKernelBtf // the recording kernel's BTF is the machine's
    void kconfigAndKsymExternsResolved() {
        RecordingKernel k = kernel();
        try (LoadedObject l = Fixtures.open("kconfig_ksym-el.o").load(k, LoadOptions.defaults())) {
            byte[] image = k.values.get(l.map("kconfig.kconfig").fd().value()).get("00000000");
            ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(List.of(b.getInt(0), b.getInt(4), (int) image[8], (int) image[9]))
                    .containsExactly(250, k.kernelVersion(), 1, 0);
            List<Insn> insns = l.program("xdp_kconfig").attr().insns();
            int kfunc = k.vmlinuxBtf().find("bpf_cast_to_kern_ctx", BtfKind.FUNC).orElseThrow();
            assertThat(insns).contains(Jump.Call.kfunc(kfunc, 0));
            assertThat(insns).contains(LdImm64.of(dev.ebld.insn.Reg.R1, 0xffffffff81234568L));
            // Missing weak ksyms (bpf_prog_active without kallsyms, ebld_no_such_ksym) are 0.
            assertThat(insns).filteredOn(i -> i instanceof LdImm64 ld && ld.src() == PseudoSrc.IMM64
                    && ld.imm() == 0).hasSize(2);
        }
        RecordingKernel k2 = kernel();
        LoadOptions opts = LoadOptions.defaults().withKconfig("CONFIG_HZ", "0x3e8")
                .withKconfig("CONFIG_BPF_SYSCALL", "n");
        try (LoadedObject l = Fixtures.open("kconfig_ksym-el.o").load(k2, opts)) {
            byte[] image = k2.values.get(l.map("kconfig.kconfig").fd().value()).get("00000000");
            assertThat(List.of(ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getInt(0), (int) image[8]))
                    .containsExactly(1000, 0);
        }
    }

    @Test
    void kconfigOptionsWinAndAreTyped() {
        RecordingKernel k = kernel();
        LoadOptions opts = LoadOptions.defaults().withKconfig("CONFIG_HZ", "0x3e8")
                .withKconfig("CONFIG_BPF_SYSCALL", "n").withTargetBtf(Fixtures.open("progs_multi-el.o")
                        .btf().orElseThrow());
        BpfObject o = Fixtures.open("kconfig_ksym-el.o");
        assertThatThrownBy(() -> o.load(k, opts)).isInstanceOfSatisfying(LoaderException.class, e -> {
            // That BTF has no such FUNC to resolve against: the strong kfunc fails.
            assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.UNRESOLVED_EXTERN);
            assertThat(e.errno()).isEqualTo(Errno.ESRCH);
            assertThat(e.getMessage()).endsWith(":(.ksyms): extern (func ksym) 'bpf_cast_to_kern_ctx':"
                    + " not found in kernel BTF");
        });
        assertThat(k.closed).isEmpty();
        RecordingKernel k2 = kernel();
        k2.kconfig.put("CONFIG_BPF_SYSCALL", "m");
        assertThatThrownBy(() -> o.load(k2, LoadOptions.defaults())).isInstanceOfSatisfying(
                LoaderException.class, e -> assertThat(e.getMessage()).endsWith(":(.kconfig+0x8):"
                        + " extern (kcfg) 'CONFIG_BPF_SYSCALL': value 'm' implies tristate or char type"));
    }

    @Test
    @RequiresKernelBtf // the recording kernel's BTF is the machine's
    void typedKsymBecomesBtfId() {
        RecordingKernel k = kernel();
        try (LoadedObject l = Fixtures.open("ksym_typed-el.o").load(k, LoadOptions.defaults())) {
            int id = k.vmlinuxBtf().find("bpf_prog_active", BtfKind.VAR).orElseThrow();
            assertThat(l.program("xdp_ksym_typed").attr().insns().get(0))
                    .isEqualTo(new LdImm64(dev.ebld.insn.Reg.R1, PseudoSrc.BTF_ID, id));
        }
        RecordingKernel k2 = kernel();
        LoadOptions noVar = LoadOptions.defaults().withTargetBtf(Fixtures.open("progs_multi-el.o").btf().orElseThrow());
        assertThatThrownBy(() -> Fixtures.open("ksym_typed-el.o").load(k2, noVar))
                .isInstanceOfSatisfying(LoaderException.class, e -> assertThat(e.toDiagnostic().format())
                        .isEqualTo(Fixtures.obj("ksym_typed-el.o") + ":(.ksyms): error: extern (var ksym)"
                                + " 'bpf_prog_active': not found in kernel BTF"));
    }

    @Test
    void typedKsymOfAnotherTypeIsRefused() {
        BpfObject o = Fixtures.open("ksym_typed-el.o");
        Btf own = o.btf().orElseThrow();
        int var = own.find("bpf_prog_active", BtfKind.VAR).orElseThrow();
        int struct = own.find("xdp_md", BtfKind.STRUCT).orElseThrow();
        List<dev.ebld.btf.BtfType> types = new ArrayList<>(own.types());
        dev.ebld.btf.BtfType.Var v = (dev.ebld.btf.BtfType.Var) own.type(var);
        types.set(var - own.firstId(), new dev.ebld.btf.BtfType.Var(v.name(), v.nameOff(), false, struct, 1));
        Btf kernelLike = Btf.of(types, own.strings(), own.byteOrder(), null);
        assertThatThrownBy(() -> o.load(kernel(), LoadOptions.defaults().withTargetBtf(kernelLike)))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.BAD_EXTERN);
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).endsWith(":(.ksyms): extern (var ksym) 'bpf_prog_active':"
                            + " incompatible with the kernel's [" + var + "]");
                });
    }

    @Test
    @RequiresKernelBtf // the recording kernel's BTF is the machine's
    void tracingProgramsGetTheirBtfAttachTarget() {
        RecordingKernel k = kernel();
        BpfObject o = Fixtures.open("loader_tracing-el.o");
        try (LoadedObject l = o.load(k, LoadOptions.defaults())) {
            Btf vmlinux = k.vmlinuxBtf();
            assertThat(List.of("on_put", "after_put", "on_switch", "on_open")).map(p -> {
                ProgLoadAttr a = l.program(p).attr();
                dev.ebld.btf.BtfType t = vmlinux.type(a.attachBtfId().orElseThrow().value());
                return a.type() + " " + a.expectedAttachType().orElseThrow() + " " + t.kind() + " " + t.name();
            }).containsExactly("TRACING TRACE_FENTRY FUNC bpf_prog_put", "TRACING TRACE_FEXIT FUNC bpf_prog_put",
                    "TRACING TRACE_RAW_TP TYPEDEF btf_trace_sched_switch", "LSM LSM_MAC FUNC bpf_lsm_file_open");
        }
        assertThatThrownBy(() -> o.load(kernel(), LoadOptions.defaults().withAutoload("no_target", true)))
                .isInstanceOfSatisfying(LoaderException.class, e -> assertThat(e.toDiagnostic().format())
                        .isEqualTo(Fixtures.obj("loader_tracing-el.o") + ":(?fentry+0x0): error: program"
                                + " 'no_target' needs an attach target after '/' in its section name"));
    }

    @Test
    void freplaceAttachesToAFunctionOfALoadedProgram() throws Exception {
        RecordingKernel k = kernel();
        byte[] targetBtf = dev.ebld.elf.ElfReader.read(Fixtures.obj("progs_multi-el.o")).section(".BTF")
                .orElseThrow().data();
        k.progBtf.put(99, targetBtf);
        BpfObject o = Fixtures.open("loader_tracing-el.o");
        LoadOptions opts = LoadOptions.defaults().withAutoload("on_put", false).withAutoload("after_put", false)
                .withAutoload("on_switch", false).withAutoload("on_open", false)
                .withAutoload("new_global_sub", true)
                .withAttachTarget("new_global_sub", new AttachTarget(new dev.ebld.loader.kernel.ProgFd(99), "global_sub"));
        try (LoadedObject l = o.load(k, opts)) {
            ProgLoadAttr a = l.program("new_global_sub").attr();
            assertThat(a.type()).isEqualTo(dev.ebld.loader.kernel.ProgType.EXT);
            assertThat(a.attachProg()).map(fd -> fd.value()).contains(99);
            Btf target = dev.ebld.btf.BtfReader.read(targetBtf);
            assertThat(target.type(a.attachBtfId().orElseThrow().value()).name()).isEqualTo("global_sub");
            assertThat(k.closed).contains(1099);
        }
        assertThatThrownBy(() -> o.load(kernel(), LoadOptions.defaults().withAutoload("new_global_sub", true)))
                .isInstanceOfSatisfying(LoaderException.class, e -> assertThat(e.getMessage())
                        .endsWith("program 'new_global_sub' needs an attach target program (freplace)"));
    }

    @Test
    void bigEndianObjectRefusedByLittleEndianKernel() {
        assertThatThrownBy(() -> Fixtures.open("globals-eb.o").load(kernel(), LoadOptions.defaults()))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.BYTE_ORDER);
                    assertThat(e.toDiagnostic().format()).isEqualTo(Fixtures.obj("globals-eb.o")
                            + ": error: object is big-endian, but the kernel is little-endian;"
                            + " it loads only into a big-endian kernel");
                });
        RecordingKernel be = kernel();
        be.order = ByteOrder.BIG_ENDIAN;
        try (LoadedObject l = Fixtures.open("globals-eb.o").load(be, LoadOptions.defaults())) {
            assertThat(l.global("data_var").getLong()).isEqualTo(7);
        }
    }

    @Test
    void autoloadOverridesAndSectionFlags() {
        RecordingKernel k = kernel();
        LoadOptions opts = LoadOptions.defaults().withAutoload("xdp_off", true).withAutoload("tcx_in", false);
        try (LoadedObject l = Fixtures.open("loader_sections-el.o").load(k, opts)) {
            assertThat(l.programs().keySet()).contains("xdp_off").doesNotContain("tcx_in");
            assertThat(k.prog("xdp_frags").flags()).isEqualTo(ProgLoadAttr.F_XDP_HAS_FRAGS);
            assertThat(k.prog("sys_prog").flags()).isEqualTo(ProgLoadAttr.F_SLEEPABLE);
            assertThat(k.prog("cg_egress").expectedAttachType()).contains(dev.ebld.loader.kernel.AttachType.CGROUP_INET_EGRESS);
        }
    }

    @Test
    void refusedProgramNamesSectionInstructionAndKeepsLog() {
        RecordingKernel k = kernel();
        k.refuseProg = "xdp_frags";
        assertThatThrownBy(() -> Fixtures.open("loader_sections-el.o").load(k, LoadOptions.defaults()))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LoaderDiagnosticKind.PROG_LOAD);
                    assertThat(e.errno()).isEqualTo(Errno.EACCES);
                    assertThat(e.log()).contains("R0 !read_ok");
                    assertThat(e.toDiagnostic().format()).isEqualTo(Fixtures.obj("loader_sections-el.o")
                            + ":(xdp.frags+0x8): error: program 'xdp_frags' in section xdp.frags refused:"
                            + " verifier refused");
                    assertThat(e.location().symbol()).isEqualTo("xdp_frags");
                });
        // The first load asked for no log; the retry asked for level 1, as libbpf retries.
        assertThat(k.progs).filteredOn(p -> p.name().equals("xdp_frags"))
                .extracting(p -> p.log().level()).containsExactly(0, 1);
        // Everything the failed load opened is closed again.
        List<Integer> opened = new ArrayList<>();
        opened.add(3);
        assertThat(k.closed).containsAll(opened);
    }

    @Test
    void refusalInsideAnAppendedSubprogramPointsIntoText() {
        RecordingKernel k = kernel();
        k.refuseProg = "xdp_calls";
        // Slot 13 of xdp_calls is static_sub's second instruction (static_sub lands at 12).
        k.refuseLog = "12: (bc) w0 = w1\n13: (24) w0 *= 3\nsomething is wrong\n";
        long staticSub = Fixtures.open("progs_multi-el.o").subprograms().get("static_sub").sectionOffset();
        assertThatThrownBy(() -> Fixtures.open("progs_multi-el.o").load(k, LoadOptions.defaults()))
                .isInstanceOfSatisfying(LoaderException.class, e -> {
                    assertThat(e.location().section()).isEqualTo(".text");
                    assertThat(e.location().offset()).isEqualTo(staticSub + 8);
                    assertThat(e.location().symbol()).isEqualTo("static_sub");
                });
    }

    @Test
    void closeReleasesEveryFd() {
        RecordingKernel k = kernel();
        LoadedObject l = Fixtures.open("maps_btf-el.o").load(k, LoadOptions.defaults());
        int before = k.closed.size();
        l.close();
        // 7 maps, 3 programs and the BTF.
        assertThat(k.closed.size() - before).isEqualTo(11);
        l.close();
        assertThat(k.closed.size() - before).isEqualTo(11);
    }

    @Test
    void pinnedByNameIsPinnedOrReused() {
        RecordingKernel k = kernel();
        BpfObject o = Fixtures.open("maps_pinned-el.o");
        assertThat(o.map("shared_counts").orElseThrow().pinning()).isEqualTo(1);
        LoadOptions opts = LoadOptions.defaults().withPinRoot("/sys/fs/bpf/test");
        try (LoadedObject l = o.load(k, opts)) {
            assertThat(k.calls).contains("pin /sys/fs/bpf/test/shared_counts");
        }
        RecordingKernel again = kernel();
        again.pinned.put("/sys/fs/bpf/test/shared_counts", new dev.ebld.loader.kernel.MapFd(42));
        try (LoadedObject l = o.load(again, opts)) {
            assertThat(l.map("shared_counts").fd().value()).isEqualTo(42);
            assertThat(again.maps).isEmpty();
            assertThat(l.program("count_pinned").attr().insns())
                    .contains(new LdImm64(dev.ebld.insn.Reg.R1, PseudoSrc.MAP_FD, 42));
        }
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
