package dev.ebld.cli.sim;

import dev.ebld.cli.sim.SimCommand.ProgRef;
import dev.ebld.loader.BpfObject;
import dev.ebld.cli.GlobalsView;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LinkableFunction;
import dev.ebld.loader.LinkableVariable;
import dev.ebld.loader.LoadedLibrary;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.loader.sim.InjectResult;
import dev.ebld.loader.sim.RedirectMiss;
import dev.ebld.loader.sim.Route;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.sim.SimProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code ebld sim} session: a simulated kernel whose state lasts from the first command to
 * the last, two processes (root, and one without capabilities), and the script's names for what
 * they hold. A name belongs to the process that created it; another process reaches the object
 * the way a real one would, through its id ({@code BPF_*_GET_FD_BY_ID}), which the kernel allows
 * only with CAP_SYS_ADMIN. Such borrowed fds are closed when the command ends.
 */
public final class SimSession {
    /**
     * An object loaded by a process: one with programs, or a library (global functions only,
     * each its own program).
     */
    record Held(SimProcess owner, Optional<LoadedObject> object, Optional<LoadedLibrary> library) {
        static Held of(SimProcess owner, LoadedObject o) {
            return new Held(owner, Optional.of(o), Optional.empty());
        }

        static Held of(SimProcess owner, LoadedLibrary l) {
            return new Held(owner, Optional.empty(), Optional.of(l));
        }

        /** Its programs (or library functions) by name, as fds of {@link #owner}. */
        Map<String, ProgFd> programs() {
            Map<String, ProgFd> out = new LinkedHashMap<>();
            object.ifPresent(o -> o.programs().forEach((n, p) -> out.put(n, p.fd())));
            library.ifPresent(l -> l.functions().forEach(f -> out.put(f.name(), f.program())));
            return out;
        }

        /** The global functions an extern may resolve to, as fds of {@link #owner}. */
        List<LinkableFunction> functions() {
            return object.map(LoadedObject::linkableFunctions)
                    .orElseGet(() -> library.orElseThrow().functions());
        }

        /** The global variables an extern may share, in maps that are fds of {@link #owner}. */
        List<LinkableVariable> variables() {
            return object.map(LoadedObject::linkableVariables)
                    .orElseGet(() -> library.orElseThrow().variables());
        }

        void close() {
            object.ifPresent(LoadedObject::close);
            library.ifPresent(LoadedLibrary::close);
        }
    }

    /** A link a process holds, with the extension object it runs, when it is one. */
    record HeldLink(SimProcess owner, LinkFd fd, Optional<LoadedObject> extension) {
    }

    final SimKernel kernel;
    final SimProcess root;
    final SimProcess unprivileged;
    SimProcess current;
    final Map<String, Held> objects = new LinkedHashMap<>();
    final Map<String, HeldLink> links = new LinkedHashMap<>();
    final Map<String, Ifindex> devices = new LinkedHashMap<>();
    /** The script's name for every object it created, kept while the object lives. */
    final Map<ObjectId, String> names = new HashMap<>();
    private final List<Fd> borrowed = new ArrayList<>();
    private final SimLinks linkCommands = new SimLinks(this);
    private final SimObjects objectCommands = new SimObjects(this);

    public SimSession(SimKernel kernel) {
        this.kernel = kernel;
        this.root = kernel.rootProcess();
        this.unprivileged = kernel.process(Set.of());
        this.current = root;
    }

    public SimKernel kernel() {
        return kernel;
    }

    /** Runs {@code c}; returns the lines it prints. Fails with the message the script prints. */
    public List<String> execute(SimCommand c) {
        try {
            return dispatch(c);
        } catch (KernelException e) {
            throw new SimScriptException(e.getMessage(), e);
        } catch (LoaderException e) {
            // The kernel's errno first, as for a bpf(2) failure; then where in the object.
            throw new SimScriptException(e.errno().name() + ": " + e.getMessage(), e);
        } finally {
            borrowed.forEach(current::close);
            borrowed.clear();
        }
    }

    private List<String> dispatch(SimCommand c) {
        return switch (c.kind()) {
            case LOAD -> objectCommands.load((SimCommand.Load) c);
            case REPLACE -> objectCommands.replace((SimCommand.Replace) c);
            case CLOSE -> objectCommands.close((SimCommand.Close) c);
            case RUN -> run((SimCommand.Run) c);
            case DEVICE -> device((SimCommand.Device) c);
            case MAP_UPDATE -> mapUpdate((SimCommand.MapUpdate) c);
            case INJECT -> inject((SimCommand.Inject) c);
            case PROCESS -> process((SimCommand.Process) c);
            case DETACH -> linkCommands.detach((SimCommand.Detach) c);
            case ATTACH -> linkCommands.attach((SimCommand.Attach) c);
            case DETACH_PROG -> linkCommands.detachProg((SimCommand.DetachProg) c);
            case UPDATE -> linkCommands.update((SimCommand.Update) c);
            case PIN -> linkCommands.pin((SimCommand.Pin) c);
            case UNPIN -> linkCommands.unpin((SimCommand.Unpin) c);
            case OPEN -> linkCommands.open((SimCommand.Open) c);
            case SHOW -> new SimShow(this).show(((SimCommand.Show) c).what());
            case GLOBALS -> globals((SimCommand.Globals) c);
            case MUST_FAIL -> mustFail((SimCommand.MustFail) c);
        };
    }

    private List<String> globals(SimCommand.Globals c) {
        Held h = object(c.object());
        LoadedObject o = h.object().orElseThrow(() -> new SimScriptException("'" + c.object()
                + "' is a library; only objects with programs have globals to show"));
        List<String> lines = GlobalsView.lines(o);
        return lines.isEmpty() ? List.of("no globals") : lines;
    }

    private List<String> mustFail(SimCommand.MustFail c) {
        try {
            execute(c.command());
        } catch (SimScriptException e) {
            return List.of("error: " + e.getMessage());
        }
        throw new SimScriptException("the command succeeded, and must-fail expected an error");
    }

    /** {@code bpftool prog run}'s output line for a test run. */
    private List<String> run(SimCommand.Run c) {
        Optional<byte[]> data = c.data().map(SimSession::read);
        TestRunResult r = current.progTestRun(progFd(c.prog()),
                new TestRunAttr(data, 0, Optional.empty(), 0, c.repeat(), 0, 0));
        return List.of("Return value: " + r.retval() + ", duration" + (c.repeat() > 1 ? " (average)" : "")
                + ": " + r.durationNs() + "ns");
    }

    private List<String> device(SimCommand.Device c) {
        Ifindex idx = kernel.createDevice(c.name());
        devices.put(c.name(), idx);
        return List.of("device " + idx.value() + " " + c.name());
    }

    private List<String> mapUpdate(SimCommand.MapUpdate c) {
        Held h = object(c.object());
        LoadedObject o = h.object().orElseThrow(() -> new SimScriptException("'" + c.object()
                + "' is a library; only objects with programs have maps"));
        MapFd fd = ownFd(h.owner(), o.map(c.map()).fd());
        current.mapUpdate(fd, words(c.key()), words(c.value()), UpdateMode.ANY);
        return List.of("updated map " + c.object() + "/" + c.map());
    }

    /** 32-bit words in the kernel's byte order; a word that is no number names a device. */
    private byte[] words(List<String> words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.size()).order(current.byteOrder());
        for (String w : words) {
            b.putInt(devices.containsKey(w) ? devices.get(w).value() : u32(w));
        }
        return b.array();
    }

    private static int u32(String word) {
        try {
            long v = word.startsWith("0x") ? Long.parseLong(word.substring(2), 16) : Long.parseLong(word);
            if (v >= -(1L << 31) && v < 1L << 32) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // reported below, with what a word may be
        }
        throw new SimScriptException("expected a 32-bit number or a device name, got '" + word + "'");
    }

    private List<String> inject(SimCommand.Inject c) {
        InjectResult r = kernel.inject(device(c.device()), read(c.packet()));
        String by = r.decidedBy().map(id -> "prog " + id.value() + " " + names.getOrDefault(id, "-"))
                .orElse("no program");
        return List.of("inject " + c.packet().getFileName() + ": " + r.verdict() + " (" + r.retval()
                + ") by " + by + where(r));
    }

    /**
     * Where the frame went beyond its verdict: the device a redirect named, the CPU a cpumap
     * redirect took it to, or the empty map entry whose fallback action the verdict is.
     */
    private String where(InjectResult r) {
        Route route = r.route();
        return switch (route.kind()) {
            case NONE -> "";
            case DEVICE -> toDevice(((Route.Device) route).ifindex());
            case CPU -> {
                Route.Cpu cpu = (Route.Cpu) route;
                yield (r.verdict() == InjectResult.Verdict.XDP_REDIRECT ? ": to cpu " + cpu.cpu()
                        : ": on cpu " + cpu.cpu() + " after a cpumap redirect")
                        + cpu.tcxRedirect().map(this::toDevice).orElse("");
            }
            case FALLBACK -> {
                RedirectMiss m = ((Route.Fallback) route).miss();
                yield ": fallback action, no entry for key " + m.key() + " in map " + m.mapName();
            }
        };
    }

    private String toDevice(Ifindex ifindex) {
        String name = devices.entrySet().stream().filter(e -> e.getValue().equals(ifindex))
                .map(e -> " " + e.getKey()).findFirst().orElse("");
        return ": to device " + ifindex.value() + name;
    }

    private List<String> process(SimCommand.Process c) {
        current = c.privileged() ? root : unprivileged;
        return List.of("process " + (c.privileged() ? "root" : "unprivileged"));
    }

    // --- Names to fds, for the current process. ---

    Ifindex device(String name) {
        Ifindex idx = devices.get(name);
        if (idx == null) {
            throw new SimScriptException("no device '" + name + "' (create it with: device " + name + ")");
        }
        return idx;
    }

    Held object(String name) {
        Held h = objects.get(name);
        if (h == null) {
            throw new SimScriptException("no loaded object '" + name + "'");
        }
        return h;
    }

    /** The current process's fd for a program, borrowed by id when another process loaded it. */
    ProgFd progFd(ProgRef ref) {
        Held h = object(ref.object());
        ProgFd p = h.programs().get(ref.program());
        if (p == null) {
            throw new SimScriptException("object '" + ref.object() + "' has no loaded program '"
                    + ref.program() + "' (it has " + String.join(", ", h.programs().keySet()) + ")");
        }
        return ownFd(h.owner(), p);
    }

    /** {@code fd} of {@code owner} as an fd of the current process. */
    ProgFd ownFd(SimProcess owner, ProgFd fd) {
        return owner == current ? fd : (ProgFd) borrow(owner.progInfo(fd).id());
    }

    /** Map {@code fd} of {@code owner} as an fd of the current process. */
    MapFd ownFd(SimProcess owner, MapFd fd) {
        return owner == current ? fd : (MapFd) borrow(owner.mapInfo(fd).id());
    }

    HeldLink link(String name) {
        HeldLink l = links.get(name);
        if (l == null) {
            throw new SimScriptException("no link '" + name + "'");
        }
        return l;
    }

    /** The current process's fd for a link, borrowed by id when another process holds it. */
    LinkFd linkFd(String name) {
        HeldLink l = link(name);
        return l.owner() == current ? l.fd() : (LinkFd) borrow(l.owner().linkInfo(l.fd()).id());
    }

    boolean borrowedAny() {
        return !borrowed.isEmpty();
    }

    private Fd borrow(ObjectId id) {
        Fd fd = current.fdById(id);
        borrowed.add(fd);
        return fd;
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SimScriptException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens an object under its file name, which its diagnostics then name. */
    static BpfObject open(Path file) {
        return BpfObject.open(file.getFileName().toString(), read(file));
    }
}
