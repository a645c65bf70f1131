package dev.ebld.cli.sim;

import dev.ebld.cli.sim.SimSession.Held;
import dev.ebld.cli.sim.SimSession.HeldLink;
import dev.ebld.loader.AttachTarget;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LinkableFunction;
import dev.ebld.loader.LinkableVariable;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.ExtensionTargets;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.ObjectId;
import dev.ebld.loader.kernel.ProgFd;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code load}, {@code replace} and {@code close}: objects coming and going. */
final class SimObjects {
    private final SimSession s;

    SimObjects(SimSession s) {
        this.s = s;
    }

    /** Loads every autoload program of the file, as {@code ebld run} does. */
    List<String> load(SimCommand.Load c) {
        if (s.objects.containsKey(c.name())) {
            throw new SimScriptException("an object named '" + c.name() + "' is already loaded");
        }
        LoadOptions options = using(c.using());
        BpfObject obj = SimSession.open(c.file());
        // A file whose .text holds global functions and no program is a library.
        Held held = obj.programs().isEmpty() ? Held.of(s.current, obj.loadLibrary(s.current, options))
                : Held.of(s.current, obj.load(s.current, options));
        s.objects.put(c.name(), held);
        List<Map.Entry<String, ProgFd>> progs = new ArrayList<>(held.programs().entrySet());
        progs.sort(Comparator.comparingInt(p -> id(p.getValue()).value()));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ProgFd> p : progs) {
            ObjectId id = id(p.getValue());
            s.names.put(id, c.name() + "/" + p.getKey());
            out.add("prog " + id.value() + " " + c.name() + "/" + p.getKey());
        }
        return out;
    }

    /**
     * Load options whose extern functions and variables resolve against the named loaded
     * objects, in order (the loader's second place to look, after the object itself): a function
     * is called by (prog fd, BTF id), a variable is shared in its object's data map. What another
     * process loaded is reached by id, as fds of the current process.
     */
    private LoadOptions using(List<String> names) {
        List<LoadOptions.LinkSource> sources = new ArrayList<>();
        for (String name : names) {
            Held h = s.object(name);
            List<LinkableFunction> fns = new ArrayList<>();
            for (LinkableFunction f : h.functions()) {
                fns.add(new LinkableFunction(f.name(), s.ownFd(h.owner(), f.program()), f.btfId(), f.btf(),
                        f.origin()));
            }
            List<LinkableVariable> vars = new ArrayList<>();
            for (LinkableVariable v : h.variables()) {
                vars.add(new LinkableVariable(v.name(), s.ownFd(h.owner(), v.map()), v.offset(), v.varId(), v.btf(),
                        v.origin()));
            }
            sources.add(new LoadOptions.LinkSource(name, fns, vars));
        }
        LoadOptions d = LoadOptions.defaults();
        return new LoadOptions(d.autoload(), d.kconfig(), d.targetBtf(), d.log(), d.pinRoot(), d.attachTargets(),
                sources);
    }

    /**
     * Loads one program of a file as an extension of a global function of a loaded program
     * (libbpf's {@code bpf_program__set_attach_target}: the target's prog fd and the function's
     * BTF id), then attaches it with a new link.
     */
    List<String> replace(SimCommand.Replace c) {
        if (s.links.containsKey(c.link())) {
            throw new SimScriptException("a link named '" + c.link() + "' exists");
        }
        ProgFd target = s.progFd(c.target());
        BpfObject obj = SimSession.open(c.file());
        if (obj.program(c.program()).isEmpty()) {
            throw new SimScriptException(c.file().getFileName() + ": no program '" + c.program() + "'");
        }
        LoadOptions options = LoadOptions.defaults()
                .withAttachTarget(c.program(), new AttachTarget(target, c.function()));
        for (BpfProgram p : obj.programs()) {
            options = options.withAutoload(p.name(), p.name().equals(c.program()));
        }
        LoadedObject ext = obj.load(s.current, options);
        LinkFd link;
        try {
            BtfId function = ExtensionTargets.functionId(s.current, target, c.function());
            link = s.current.linkCreate(LinkCreateAttr.of(ext.program(c.program()).fd(),
                    new LinkTarget.Extension(target, function)));
        } catch (RuntimeException e) {
            ext.close();
            throw e;
        }
        s.links.put(c.link(), new HeldLink(s.current, link, Optional.of(ext)));
        s.names.put(id(ext.program(c.program()).fd()), SimParser.baseName(c.file()) + "/" + c.program());
        ObjectId linkId = s.current.linkInfo(link).id();
        s.names.put(linkId, c.link());
        return List.of("link " + linkId.value() + " " + c.link());
    }

    /** Closes the current names' fds; what a link, pin or program still holds stays. */
    List<String> close(SimCommand.Close c) {
        HeldLink l = s.links.remove(c.name());
        if (l != null) {
            l.owner().close(l.fd());
            l.extension().ifPresent(LoadedObject::close);
            return List.of("closed " + c.name());
        }
        Held h = s.objects.remove(c.name());
        if (h == null) {
            throw new SimScriptException("no object or link '" + c.name() + "'");
        }
        h.close();
        return List.of("closed " + c.name());
    }

    private ObjectId id(ProgFd fd) {
        return s.current.progInfo(fd).id();
    }
}
