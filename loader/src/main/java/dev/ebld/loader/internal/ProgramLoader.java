package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.diag.Location;
import dev.ebld.insn.Insn;
import dev.ebld.insn.UnresolvedReferenceException;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;
import dev.ebld.loader.AttachTarget;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.ExtRecords;
import dev.ebld.loader.LinkableFunction;
import dev.ebld.loader.LoadedProgram;
import dev.ebld.loader.BpfFunction;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.SecDef;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LineInfo;
import dev.ebld.loader.kernel.LoadedProg;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads one program: links its subprograms, resolves every reference to a number, finds its BTF
 * attach target where its section needs one, and calls {@code BPF_PROG_LOAD}. A refusal becomes a
 * {@link LoaderException} located at the instruction the verifier log names last (traced back
 * through the link layout to the function, section and byte offset it came from).
 */
final class ProgramLoader {
    private static final Pattern LOG_INSN = Pattern.compile("(?m)^(\\d+): ");

    private final ObjectContext ctx;
    private final Kernel kernel;
    private final ProgramLinker linker;
    private final ReferenceResolver resolver;
    private final Optional<BtfFd> btf;
    private final String license;
    private final LogOptions log;
    private final Supplier<Btf> target;
    private final Map<String, AttachTarget> attachTargets;
    private final List<Fd> fdArray;

    ProgramLoader(ObjectContext ctx, Kernel kernel, ProgramLinker linker, ReferenceResolver resolver,
            Optional<BtfFd> btf, String license, LogOptions log, Supplier<Btf> target,
            Map<String, AttachTarget> attachTargets, List<Fd> fdArray) {
        this.ctx = ctx;
        this.kernel = kernel;
        this.linker = linker;
        this.resolver = resolver;
        this.btf = btf;
        this.license = license;
        this.log = log;
        this.target = target;
        this.attachTargets = attachTargets;
        this.fdArray = fdArray;
    }

    LoadedProgram load(BpfProgram p) {
        ProgramLinker.Linked linked = linker.link(p.entry());
        List<Insn> insns;
        try {
            insns = linked.code().resolve(resolver);
        } catch (UnresolvedReferenceException e) {
            throw new LoaderException(LoaderDiagnosticKind.UNRESOLVED_REFERENCE, locate(linked, e.slot(), p),
                    Errno.EINVAL, "program '" + p.name() + "': " + e.getMessage(), "", e);
        }
        AttachTarget to = attachTargets.get(p.name());
        ProgLoadAttr attr = new ProgLoadAttr(p.def().type(), p.def().expectedAttachType(),
                MapNames.kernel(p.name()), insns, license, btf, funcInfo(linked), lineInfo(linked),
                log, Optional.ofNullable(to).map(AttachTarget::program),
                to != null ? Optional.of(inProgram(p, to)) : attachTarget(p), fdArray, p.def().progFlags());
        try {
            LoadedProg r = kernel.progLoad(attr);
            return new LoadedProgram(p.name(), r.fd(), attr, r.log());
        } catch (ProgLoadException e) {
            ProgLoadException withLog = e.log().isEmpty() && log.level() == 0 ? retryForLog(attr, e) : e;
            throw new LoaderException(LoaderDiagnosticKind.PROG_LOAD, locate(linked, lastLogInsn(withLog.log()), p),
                    withLog.errno(), "program '" + p.name() + "' in section " + p.section()
                            + " refused: " + withLog.reason(), withLog.log(), withLog);
        } catch (KernelException e) {
            throw new LoaderException(LoaderDiagnosticKind.PROG_LOAD, locate(linked, -1, p), e.errno(),
                    "program '" + p.name() + "' in section " + p.section() + ": " + e.reason(), "", e);
        }
    }

    /**
     * Loads one global function of a library object with the functions it calls, with no
     * program type ({@link Kernel#libraryLoad}); it must have BTF, since callers find it by BTF id.
     */
    LinkableFunction loadLibraryFunction(BpfFunction f) {
        ProgramLinker.Linked linked = linker.link(f);
        Location at = locate(linked, -1, null);
        if (btf.isEmpty() || linked.funcInfo().isEmpty()) {
            throw new LoaderException(LoaderDiagnosticKind.PROG_LOAD, at, Errno.EINVAL, "library function '"
                    + f.name() + "': a library needs BTF (the kernel refused the object's, or it has none)", "", null);
        }
        List<Insn> insns;
        try {
            insns = linked.code().resolve(resolver);
        } catch (UnresolvedReferenceException e) {
            throw new LoaderException(LoaderDiagnosticKind.UNRESOLVED_REFERENCE, locate(linked, e.slot(), null),
                    Errno.EINVAL, "library function '" + f.name() + "': " + e.getMessage(), "", e);
        }
        ProgLoadAttr attr = new ProgLoadAttr(ProgType.UNSPEC, Optional.empty(), MapNames.kernel(f.name()),
                insns, license, btf, funcInfo(linked), lineInfo(linked), log, Optional.empty(),
                Optional.empty(), fdArray, 0);
        try {
            LoadedProg r = kernel.libraryLoad(attr);
            return new LinkableFunction(f.name(), r.fd(), attr.funcInfo().get(0).typeId(),
                    ctx.btf().orElseThrow(), ctx.objName());
        } catch (KernelException e) {
            String log = e instanceof ProgLoadException ple ? ple.log() : "";
            throw new LoaderException(LoaderDiagnosticKind.PROG_LOAD, locate(linked, lastLogInsn(log), null),
                    e.errno(), "library function '" + f.name() + "' refused: " + e.reason(), log, e);
        }
    }

    /**
     * A refusal without a log asked for none: load once more with a level-1 log to say why, as
     * libbpf does. A second success (the kernel changed its mind) is closed and the first
     * refusal stands.
     */
    private ProgLoadException retryForLog(ProgLoadAttr attr, ProgLoadException first) {
        ProgLoadAttr again = new ProgLoadAttr(attr.type(), attr.expectedAttachType(), attr.name(),
                attr.insns(), attr.license(), attr.btf(), attr.funcInfo(), attr.lineInfo(),
                LogOptions.level(1), attr.attachProg(), attr.attachBtfId(), attr.fdArray(), attr.flags());
        try {
            kernel.close(kernel.progLoad(again).fd());
            return first;
        } catch (ProgLoadException e) {
            return e;
        }
    }

    private List<FuncInfo> funcInfo(ProgramLinker.Linked l) {
        List<FuncInfo> out = new ArrayList<>();
        if (btf.isPresent()) {
            for (ExtRecords.Func f : l.funcInfo()) {
                out.add(new FuncInfo(f.slot(), new BtfId(f.typeId())));
            }
        }
        return out;
    }

    private List<LineInfo> lineInfo(ProgramLinker.Linked l) {
        List<LineInfo> out = new ArrayList<>();
        if (btf.isPresent()) {
            for (ExtRecords.Line f : l.lineInfo()) {
                out.add(new LineInfo(f.slot(), f.fileNameOff(), f.lineOff(), f.lineCol()));
            }
        }
        return out;
    }

    /**
     * The BTF id a tracing, LSM or iterator program attaches to, named after the section's '/':
     * with libbpf's prefixes ({@code btf_trace_} typedefs for tp_btf, {@code bpf_lsm_} and
     * {@code bpf_iter_} functions), a plain function name otherwise.
     */
    private Optional<BtfId> attachTarget(BpfProgram p) {
        SecDef d = p.def();
        if (!d.attachBtf()) {
            return Optional.empty();
        }
        String sec = p.section().startsWith("?") ? p.section().substring(1) : p.section();
        int slash = sec.indexOf('/');
        if (slash < 0 || d.type() == ProgType.EXT) {
            throw ctx.error(LoaderDiagnosticKind.ATTACH_TARGET, p.section(), p.entry().sectionOffset(), p.name(),
                    Errno.EINVAL, "program '" + p.name() + "' needs an attach target"
                            + (slash < 0 ? " after '/' in its section name" : " program (freplace)"));
        }
        String name = sec.substring(slash + 1);
        String pattern = d.pattern();
        String lookup;
        BtfKind kind = BtfKind.FUNC;
        if (pattern.startsWith("tp_btf")) {
            lookup = "btf_trace_" + name;
            kind = BtfKind.TYPEDEF;
        } else if (pattern.startsWith("lsm")) {
            lookup = "bpf_lsm_" + name;
        } else if (pattern.startsWith("iter")) {
            lookup = "bpf_iter_" + name;
        } else {
            lookup = name;
        }
        Optional<Integer> id = target.get().find(lookup, kind);
        return Optional.of(new BtfId(id.orElseThrow(() -> ctx.error(LoaderDiagnosticKind.ATTACH_TARGET, p.section(),
                p.entry().sectionOffset(), p.name(), Errno.ESRCH, "program '" + p.name()
                        + "': failed to find kernel BTF type ID of '" + name + "'"))));
    }

    /**
     * The id of {@code to.function()} in the BTF of the program {@code to.program()}: the
     * program's info names its BTF object, whose raw bytes the kernel hands back.
     */
    private BtfId inProgram(BpfProgram p, AttachTarget to) {
        Optional<ObjectId> id = kernel.progInfo(to.program()).btfId();
        if (id.isEmpty()) {
            throw ctx.error(LoaderDiagnosticKind.ATTACH_TARGET, p.section(), p.entry().sectionOffset(), p.name(), Errno.EINVAL,
                    "program '" + p.name() + "': the target program has no BTF");
        }
        BtfFd fd = (BtfFd) kernel.fdById(id.get());
        try {
            Btf b = BtfReader.read(kernel.btfData(fd));
            return new BtfId(b.find(to.function(), BtfKind.FUNC).orElseThrow(() -> ctx.error(LoaderDiagnosticKind.ATTACH_TARGET,
                    p.section(), p.entry().sectionOffset(), p.name(), Errno.ESRCH, "program '" + p.name()
                            + "': no function '" + to.function() + "' in the target program's BTF")));
        } catch (BtfFormatException e) {
            throw ctx.error(LoaderDiagnosticKind.ATTACH_TARGET, p.section(), p.entry().sectionOffset(), p.name(), Errno.EINVAL,
                    "program '" + p.name() + "': the target program's BTF is unreadable: " + e.getMessage());
        } finally {
            kernel.close(fd);
        }
    }

    private static int lastLogInsn(String log) {
        Matcher m = LOG_INSN.matcher(log);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    /** The section, byte offset and function of program slot {@code slot}; the entry when unknown. */
    private Location locate(ProgramLinker.Linked l, int slot, BpfProgram p) {
        ProgramLinker.Placed at = l.layout().get(0);
        for (ProgramLinker.Placed placed : l.layout()) {
            if (slot >= placed.slot() && slot < placed.slot() + placed.function().code().slotCount()) {
                at = placed;
            }
        }
        long rel = slot >= at.slot() ? 8L * (slot - at.slot()) : 0;
        return new Location(ctx.file(), at.function().section(), at.function().sectionOffset() + rel,
                at.function().name());
    }
}
