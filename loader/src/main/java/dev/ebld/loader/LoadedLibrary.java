package dev.ebld.loader;

import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Kernel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A library object loaded into the kernel ({@link BpfObject#loadLibrary}, seed 004's
 * {@code helpers.o}): each global function of its {@code .text} loaded and verified once, with
 * no program type and no attach point, callable by many programs ({@link
 * LoadOptions#withLibraries}). {@link #close()} closes its fds; a function stays loaded while a
 * program that calls it exists.
 */
public final class LoadedLibrary implements AutoCloseable {
    private final BpfObject object;
    private final Kernel kernel;
    private final Map<String, LoadedMap> maps;
    private final Map<String, LinkableFunction> functions;
    private final Optional<BtfFd> btf;
    private boolean closed;

    public LoadedLibrary(BpfObject object, Kernel kernel, Map<String, LoadedMap> maps,
            List<LinkableFunction> functions, Optional<BtfFd> btf) {
        this.object = object;
        this.kernel = kernel;
        this.maps = new LinkedHashMap<>(maps);
        this.functions = new LinkedHashMap<>();
        functions.forEach(f -> this.functions.put(f.name(), f));
        this.btf = btf;
    }

    public String name() {
        return object.name();
    }

    public BpfObject object() {
        return object;
    }

    /** The loaded functions, in {@code .text} order. */
    public List<LinkableFunction> functions() {
        return List.copyOf(functions.values());
    }

    /** The library's global variables, which extern variables of its users share. */
    public List<LinkableVariable> variables() {
        return LinkableVariable.exported(object, maps);
    }

    public LinkableFunction function(String name) {
        LinkableFunction f = functions.get(name);
        if (f == null) {
            throw new LoaderException(LoaderDiagnosticKind.NOT_FOUND,
                    new dev.ebld.diag.Location(object.file(), ".text", -1, name), Errno.ENOENT,
                    "library " + name() + " has no global function '" + name + "'", "", null);
        }
        return f;
    }

    public Map<String, LoadedMap> maps() {
        return Map.copyOf(maps);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Fd> fds = new ArrayList<>();
        functions.values().forEach(f -> fds.add(f.program()));
        maps.values().forEach(m -> fds.add(m.fd()));
        btf.ifPresent(fds::add);
        fds.forEach(kernel::close);
    }
}
