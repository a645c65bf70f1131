package dev.ebld.loader;

import dev.ebld.loader.internal.BtfQueries;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.UpdateMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An object loaded into one {@link Kernel}: its maps, its programs and its BTF, by name, and
 * typed access to its globals through the kernel's copy of the data maps. {@link #close()}
 * closes every fd the load opened (maps stay alive while a program or pin holds them).
 */
public final class LoadedObject implements AutoCloseable {
    private final BpfObject object;
    private final Kernel kernel;
    private final Map<String, LoadedMap> maps;
    private final Map<String, LoadedProgram> programs;
    private final Optional<BtfFd> btf;
    private boolean closed;

    public LoadedObject(BpfObject object, Kernel kernel, Map<String, LoadedMap> maps,
            Map<String, LoadedProgram> programs, Optional<BtfFd> btf) {
        this.object = object;
        this.kernel = kernel;
        this.maps = new LinkedHashMap<>(maps);
        this.programs = new LinkedHashMap<>(programs);
        this.btf = btf;
    }

    public BpfObject object() {
        return object;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** A loaded program by name; programs with autoload off are absent. */
    public LoadedProgram program(String name) {
        LoadedProgram p = programs.get(name);
        if (p == null) {
            throw notFound("program", name);
        }
        return p;
    }

    public Map<String, LoadedProgram> programs() {
        return Map.copyOf(programs);
    }

    public LoadedMap map(String name) {
        LoadedMap m = maps.get(name);
        if (m == null) {
            throw notFound("map", name);
        }
        return m;
    }

    public Map<String, LoadedMap> maps() {
        return Map.copyOf(maps);
    }

    /** The object's BTF in the kernel, if it was loaded. */
    public Optional<BtfFd> btf() {
        return btf;
    }

    /** Typed access to global {@code name} in the kernel's copy of its data map. */
    public Global global(String name) {
        GlobalVar v = object.globals().get(name);
        if (v == null) {
            throw notFound("global variable", name);
        }
        LoadedMap m = map(v.map());
        boolean signed = BtfQueries.isSigned(object.btf().orElseThrow(), v.typeId());
        byte[] zero = new byte[4];
        return new Global(v, signed, object.byteOrder(), new Global.Store() {
            @Override
            public byte[] read() {
                return kernel.mapLookup(m.fd(), zero).orElseThrow(() -> new LoaderException(
                        LoaderDiagnosticKind.MAP_LOOKUP, dev.ebld.diag.Location.file(object.file()).withSymbol(m.name()),
                        Errno.ENOENT, "data map " + m.name() + " has no value at key 0"));
            }

            @Override
            public void write(byte[] value) {
                kernel.mapUpdate(m.fd(), zero, value, UpdateMode.ANY);
            }
        });
    }

    private LoaderException notFound(String what, String name) {
        return new LoaderException(LoaderDiagnosticKind.NOT_FOUND, dev.ebld.diag.Location.file(object.file()).withSymbol(name),
                Errno.ENOENT, "no loaded " + what + " '" + name + "'");
    }

    /**
     * The global functions of the loaded programs (each program's func_info), which other
     * programs may call dynamically ({@link LoadOptions#withLinkedObjects}); none without BTF.
     */
    public List<LinkableFunction> linkableFunctions() {
        List<LinkableFunction> out = new ArrayList<>();
        if (btf.isEmpty() || object.btf().isEmpty()) {
            return out;
        }
        dev.ebld.btf.Btf b = object.btf().get();
        for (LoadedProgram p : programs.values()) {
            for (dev.ebld.loader.kernel.FuncInfo fi : p.attr().funcInfo()) {
                if (b.type(fi.typeId().value()) instanceof dev.ebld.btf.BtfType.Func f
                        && f.linkage() == dev.ebld.btf.BtfType.Func.GLOBAL) {
                    out.add(new LinkableFunction(f.name(), p.fd(), fi.typeId(), b, object.name()));
                }
            }
        }
        return out;
    }

    /**
     * The global variables of the object's data maps, which other objects' extern variables may
     * share ({@link LoadOptions#withLinkedObjects}); none without BTF.
     */
    public List<LinkableVariable> linkableVariables() {
        return LinkableVariable.exported(object, maps);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<dev.ebld.loader.kernel.Fd> fds = new ArrayList<>();
        programs.values().forEach(p -> fds.add(p.fd()));
        maps.values().forEach(m -> fds.add(m.fd()));
        btf.ifPresent(fds::add);
        for (dev.ebld.loader.kernel.Fd fd : fds) {
            kernel.close(fd);
        }
    }
}
