package dev.ebld.cli.sim;

import dev.ebld.cli.sim.SimSession.Held;
import dev.ebld.cli.sim.SimSession.HeldLink;
import dev.ebld.loader.AttachTarget;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LoadedProgram;
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
        if (!c.using().isEmpty()) {
            throw new SimScriptException("using " + String.join(",", c.using()) + ": resolving externs"
                    + " against loaded objects is not available in this build");
        }
        BpfObject obj = SimSession.open(c.file());
        if (obj.programs().isEmpty()) {
            throw new SimScriptException(c.file().getFileName() + ": no program; loading a library of"
                    + " global functions is not available in this build");
        }
        LoadedObject loaded = obj.load(s.current, LoadOptions.defaults());
        s.objects.put(c.name(), new Held(s.current, loaded));
        List<LoadedProgram> progs = new ArrayList<>(loaded.programs().values());
        List<String> out = new ArrayList<>();
        progs.sort(Comparator.comparingInt(p -> id(p.fd()).value()));
        for (LoadedProgram p : progs) {
            ObjectId id = id(p.fd());
            s.names.put(id, c.name() + "/" + p.name());
            out.add("prog " + id.value() + " " + c.name() + "/" + p.name());
        }
        return out;
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
        h.object().close();
        return List.of("closed " + c.name());
    }

    private ObjectId id(ProgFd fd) {
        return s.current.progInfo(fd).id();
    }
}
