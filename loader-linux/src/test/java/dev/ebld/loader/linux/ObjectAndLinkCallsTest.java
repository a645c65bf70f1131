package dev.ebld.loader.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.btf.BtfWriter;
import dev.ebld.insn.Alu;
import dev.ebld.insn.Jump;
import dev.ebld.insn.Reg;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfInfo;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkInfo;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LinkType;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MprogOpts;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgAttachAttr;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgQueryResult;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.testkit.RequiresKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pins, ids, BTF objects, links (XDP, tcx, raw tracepoint) and tcx attach/query, on the real kernel. */
@RequiresKernel
class ObjectAndLinkCallsTest {
    private static ProgFd load(LinuxKernel k, ProgType type, String name, int ret) {
        return k.progLoad(ProgLoadAttr.of(type, name, List.of(Alu.mov64(Reg.R0, ret), Jump.exit()))).fd();
    }

    @Test
    void pinnedProgramComesBackAsAProgramFd() throws Exception {
        Path pin = Path.of("/sys/fs/bpf/ebld-linux-" + UUID.randomUUID().toString().substring(0, 8));
        try (LinuxKernel k = new LinuxKernel()) {
            ProgFd p = load(k, ProgType.XDP, "ebld_pin", 2);
            k.objPin(p, pin.toString());
            Fd again = k.objGet(pin.toString());
            assertThat(again).isInstanceOf(ProgFd.class);
            assertThat(k.progInfo((ProgFd) again).id()).isEqualTo(k.progInfo(p).id());
            assertThat(assertThrows(KernelException.class, () -> k.objPin(p, pin.toString())).errno())
                    .isEqualTo(Errno.EEXIST);
        } finally {
            Files.deleteIfExists(pin);
        }
        try (LinuxKernel k = new LinuxKernel()) {
            assertThat(assertThrows(KernelException.class, () -> k.objGet(pin.toString())).errno())
                    .isEqualTo(Errno.ENOENT);
        }
    }

    @Test
    void idsLeadBackToTheSameObject() {
        try (LinuxKernel k = new LinuxKernel()) {
            ProgFd p = load(k, ProgType.XDP, "ebld_ids", 1);
            ObjectId id = k.progInfo(p).id();
            assertThat(k.nextId(Fd.Kind.PROG, id.value() - 1)).contains(id);
            Fd byId = k.fdById(id);
            assertThat(byId).isInstanceOf(ProgFd.class).isNotEqualTo(p);
            assertThat(k.progInfo((ProgFd) byId).name()).isEqualTo("ebld_ids");
            assertThat(k.nextId(Fd.Kind.PROG, Integer.MAX_VALUE - 1)).isEmpty();
            assertThat(assertThrows(KernelException.class, () -> k.fdById(new ObjectId(Fd.Kind.MAP,
                    Integer.MAX_VALUE))).errno()).isEqualTo(Errno.ENOENT);
        }
    }

    @Test
    void btfLoadsAndReadsBackByteForByte() throws Exception {
        byte[] raw = BtfWriter.write(BpfObject.open(SameLoaderTest.fixture("globals-el.o")).btf().orElseThrow());
        try (LinuxKernel k = new LinuxKernel()) {
            BtfFd fd = k.btfLoad(raw, LogOptions.level(1));
            BtfInfo info = k.btfInfo(fd);
            assertThat(info.size()).isEqualTo(raw.length);
            assertThat(info.kernelBtf()).isFalse();
            assertThat(k.btfData(fd)).isEqualTo(raw);
            assertThat(k.nextId(Fd.Kind.BTF, info.id().value() - 1)).contains(info.id());
            KernelException bad = assertThrows(KernelException.class,
                    () -> k.btfLoad(Arrays.copyOf(raw, 20), LogOptions.level(1)));
            assertThat(bad.errno()).isEqualTo(Errno.EINVAL);
        }
    }

    /** Level 0 with a buffer, as libbpf asks: no log while it loads, the reason when it does not. */
    @Test
    void btfLoadAtLevelZeroWithABufferFetchesTheReasonOfARefusal() throws Exception {
        byte[] raw = BtfWriter.write(BpfObject.open(SameLoaderTest.fixture("globals-el.o")).btf().orElseThrow());
        byte[] bad = Arrays.copyOf(raw, 20);
        try (LinuxKernel k = new LinuxKernel()) {
            k.close(k.btfLoad(raw, new LogOptions(0, 1 << 16)));
            KernelException quiet = assertThrows(KernelException.class, () -> k.btfLoad(bad, LogOptions.NONE));
            KernelException told = assertThrows(KernelException.class,
                    () -> k.btfLoad(bad, new LogOptions(0, 1 << 16)));
            KernelException level1 = assertThrows(KernelException.class, () -> k.btfLoad(bad, LogOptions.level(1)));
            assertThat(told.errno()).isEqualTo(quiet.errno()).isEqualTo(Errno.EINVAL);
            assertThat(quiet.getMessage()).doesNotContain("\n");
            assertThat(told.getMessage()).contains("\n").isEqualTo(level1.getMessage());
        }
    }

    @Test
    void kernelBtfIsReadableById() {
        try (LinuxKernel k = new LinuxKernel()) {
            BtfFd vmlinux = (BtfFd) k.fdById(k.nextId(Fd.Kind.BTF, 0).orElseThrow());
            BtfInfo info = k.btfInfo(vmlinux);
            assertThat(info.kernelBtf()).isTrue();
            assertThat(info.name()).isEqualTo("vmlinux");
        }
    }

    @Test
    void xdpLinkUpdatesAndDetaches() throws Exception {
        try (Veth veth = new Veth(); LinuxKernel k = new LinuxKernel()) {
            Ifindex dev = veth.ifindex();
            ProgFd a = load(k, ProgType.XDP, "ebld_xdp_a", 2);
            ProgFd b = load(k, ProgType.XDP, "ebld_xdp_b", 1);
            LinkFd link = k.linkCreate(LinkCreateAttr.of(a, new LinkTarget.Device(dev, AttachType.XDP)));
            LinkInfo info = k.linkInfo(link);
            assertThat(info.type()).isEqualTo(LinkType.XDP);
            assertThat(info.ifindex()).contains(dev);
            assertThat(info.progId()).isEqualTo(k.progInfo(a).id());
            assertThat(assertThrows(KernelException.class, () -> k.linkCreate(
                    LinkCreateAttr.of(b, new LinkTarget.Device(dev, AttachType.XDP)))).errno()).isEqualTo(Errno.EBUSY);
            k.linkUpdate(link, LinkUpdateAttr.to(b));
            assertThat(k.linkInfo(link).progId()).isEqualTo(k.progInfo(b).id());
            assertThat(assertThrows(KernelException.class, () -> k.linkUpdate(link,
                    LinkUpdateAttr.replacing(a, b))).errno()).isEqualTo(Errno.EPERM);
            k.linkDetach(link);
            assertThat(k.linkInfo(link).ifindex()).isEmpty();
        }
    }

    @Test
    void tcxAttachQueryAndDetach() throws Exception {
        try (Veth veth = new Veth(); LinuxKernel k = new LinuxKernel()) {
            Ifindex dev = veth.ifindex();
            ProgFd a = load(k, ProgType.SCHED_CLS, "ebld_tcx_a", -1);
            ProgFd b = load(k, ProgType.SCHED_CLS, "ebld_tcx_b", -1);
            k.progAttach(ProgAttachAttr.of(a, dev, AttachType.TCX_INGRESS, MprogOpts.APPEND));
            LinkFd link = k.linkCreate(new LinkCreateAttr(b, new LinkTarget.Device(dev, AttachType.TCX_INGRESS),
                    MprogOpts.first(), 0));
            ProgQueryResult q = k.progQuery(dev, AttachType.TCX_INGRESS);
            assertThat(q.progIds()).containsExactly(k.progInfo(b).id(), k.progInfo(a).id());
            assertThat(q.linkIds()).containsExactly(Optional.of(k.linkInfo(link).id()), Optional.empty());
            LinkInfo info = k.linkInfo(link);
            assertThat(info.type()).isEqualTo(LinkType.TCX);
            assertThat(info.attachType()).contains(AttachType.TCX_INGRESS);
            assertThat(assertThrows(KernelException.class, () -> k.progAttach(ProgAttachAttr.of(a, dev,
                    AttachType.TCX_INGRESS, MprogOpts.APPEND.expecting(q.revision() + 7)))).errno())
                    .isEqualTo(Errno.ESTALE);
            k.progDetach(ProgAttachAttr.of(a, dev, AttachType.TCX_INGRESS, MprogOpts.APPEND));
            assertThat(k.progQuery(dev, AttachType.TCX_INGRESS).progIds()).containsExactly(k.progInfo(b).id());
        }
    }

    @Test
    void rawTracepointLinkNamesItsTracepoint() {
        try (LinuxKernel k = new LinuxKernel()) {
            ProgFd p = load(k, ProgType.RAW_TRACEPOINT, "ebld_rawtp", 0);
            LinkFd link = k.linkCreate(LinkCreateAttr.of(p, new LinkTarget.RawTracepoint("sched_switch")));
            LinkInfo info = k.linkInfo(link);
            assertThat(info.type()).isEqualTo(LinkType.RAW_TRACEPOINT);
            assertThat(info.tracepoint()).contains("sched_switch");
            assertThat(assertThrows(KernelException.class, () -> k.linkCreate(LinkCreateAttr.of(p,
                    new LinkTarget.RawTracepoint("ebld_no_such_tracepoint")))).errno()).isEqualTo(Errno.ENOENT);
        }
    }
}
