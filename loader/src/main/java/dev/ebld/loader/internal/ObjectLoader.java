package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfWriter;
import dev.ebld.loader.BpfFunction;
import dev.ebld.loader.BpfMap;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedMap;
import dev.ebld.loader.LinkableFunction;
import dev.ebld.loader.LoadOptions.LinkSource;
import dev.ebld.loader.LoadedLibrary;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LoadedProgram;
import dev.ebld.loader.MapKind;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MapFd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The load driver ({@code bpf_object__load}), a list of stages:
 * <ol>
 * <li>check the object's byte order against the kernel's;</li>
 * <li>resolve externs ({@link ExternResolver}): the kconfig image and ksym values; extern
 *     functions against other objects of the load and loaded libraries ({@link LinkedExterns});</li>
 * <li>apply CO-RE relocations to every function ({@link CoreRelocator});</li>
 * <li>load the object's BTF (fixed up; a kernel that refuses it gets none, as libbpf goes on);</li>
 * <li>create maps and set data maps' values ({@link MapCreator});</li>
 * <li>link and load each autoloaded program ({@link ProgramLinker}, {@link ProgramLoader}), or,
 *     for a library ({@link #loadLibrary}), each global function of {@code .text};</li>
 * <li>fill prog_array slots the object initialises.</li>
 * </ol>
 * A failure closes every fd opened so far and reports where it happened.
 */
public final class ObjectLoader {
    private final BpfObject object;
    private final ObjectContext ctx;
    private final ExternCollector.Result externs;
    private final Map<String, byte[]> images;
    private final Kernel kernel;
    private final LoadOptions options;
    private final List<LinkSource> sameLoad;
    private final List<Fd> opened = new ArrayList<>();
    private Btf target;

    public ObjectLoader(BpfObject object, ObjectContext ctx, ExternCollector.Result externs,
            Map<String, byte[]> images, Kernel kernel, LoadOptions options) {
        this(object, ctx, externs, images, kernel, options, List.of());
    }

    /** @param sameLoad the objects loaded before this one in the same load, for extern functions */
    public ObjectLoader(BpfObject object, ObjectContext ctx, ExternCollector.Result externs,
            Map<String, byte[]> images, Kernel kernel, LoadOptions options, List<LinkSource> sameLoad) {
        this.object = object;
        this.ctx = ctx;
        this.externs = externs;
        this.images = images;
        this.kernel = kernel;
        this.options = options;
        this.sameLoad = List.copyOf(sameLoad);
    }

    public LoadedObject load() {
        return closingOnFailure(this::loadStages);
    }

    /**
     * Loads a library object: the same stages up to the programs, then each global function of
     * {@code .text} as one library load ({@link Kernel#libraryLoad}). A library has no programs.
     */
    public LoadedLibrary loadLibrary() {
        if (!object.programs().isEmpty()) {
            throw ctx.error(LoaderDiagnosticKind.PROG_LOAD, object.programs().get(0).section(), -1,
                    object.programs().get(0).name(), Errno.EINVAL, "a library has no programs, but this"
                            + " object has " + object.programs().size() + " (first: " + object.programs().get(0).name() + ")");
        }
        return closingOnFailure(() -> {
            Prepared p = prepare();
            List<LinkableFunction> functions = new ArrayList<>();
            for (BpfFunction f : p.subprograms().values()) {
                if (isGlobal(f)) {
                    LinkableFunction lf = p.loader().loadLibraryFunction(f);
                    opened.add(lf.program());
                    functions.add(lf);
                }
            }
            if (functions.isEmpty()) {
                throw ctx.error(LoaderDiagnosticKind.PROG_LOAD, ProgramCollector.TEXT, -1, null, Errno.EINVAL,
                        "a library needs at least one global function in .text");
            }
            return new LoadedLibrary(object, kernel, p.maps(), functions, p.btf());
        });
    }

    private boolean isGlobal(BpfFunction f) {
        return ctx.btf().flatMap(b -> b.find(f.name(), dev.ebld.btf.BtfKind.FUNC).map(b::type))
                .filter(t -> ((dev.ebld.btf.BtfType.Func) t).linkage() == dev.ebld.btf.BtfType.Func.GLOBAL)
                .isPresent();
    }

    private <T> T closingOnFailure(Supplier<T> stages) {
        try {
            return stages.get();
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                kernel.close(opened.get(i));
            }
            throw e;
        }
    }

    /** What the stages before the programs yield: CO-RE'd subprograms, maps, BTF, a loader. */
    private record Prepared(CoreRelocator core, Map<String, BpfFunction> subprograms,
            Map<String, LoadedMap> maps, Optional<BtfFd> btf, ProgramLoader loader) {
    }

    private LoadedObject loadStages() {
        Prepared prep = prepare();
        CoreRelocator core = prep.core();
        ProgramLoader loader = prep.loader();
        Map<String, LoadedMap> maps = prep.maps();
        Optional<BtfFd> btf = prep.btf();
        Map<String, LoadedProgram> progs = new LinkedHashMap<>();
        for (BpfProgram p : object.programs()) {
            if (options.autoload().getOrDefault(p.name(), p.autoload())) {
                BpfProgram relocated = new BpfProgram(core.apply(p.entry()), p.def(), true);
                LoadedProgram lp = loader.load(relocated);
                opened.add(lp.fd());
                progs.put(p.name(), lp);
            }
        }
        new ProgArraySlots(ctx, kernel).fill(object.maps(), maps, progs);
        return new LoadedObject(object, kernel, maps, progs, btf);
    }

    private Prepared prepare() {
        checkByteOrder();
        ExternResolver.Result ext = new ExternResolver(ctx, kernel, options.kconfig(), this::target)
                .resolve(externs);
        LinkedExterns.Result linked = new LinkedExterns(ctx, sameLoad, options.linked(), this::target, kernel::kallsyms)
                .resolve(externs.externs());
        CoreRelocator core = new CoreRelocator(ctx, this::target);
        Map<String, BpfFunction> subs = new LinkedHashMap<>();
        object.subprograms().forEach((n, f) -> subs.put(n, core.apply(f)));
        Optional<BtfFd> btf = loadBtf();
        Map<String, byte[]> values = new HashMap<>(images);
        kconfigMap().ifPresent(m -> values.put(m, ext.kconfigImage()));
        Map<String, LoadedMap> maps = new MapCreator(ctx, kernel, btf, options.pinRoot(), opened)
                .createAll(object.maps(), values);
        Map<String, MapFd> fds = new HashMap<>();
        maps.forEach((n, m) -> fds.put(n, m.fd()));
        ReferenceResolver resolver = new ReferenceResolver(fds, kconfigMap().orElse(""),
                externs.externs(), ext.ksyms(), linked.targets(), linked.variables());
        ProgramLoader loader = new ProgramLoader(ctx, kernel, new ProgramLinker(ctx, subs), resolver,
                btf, object.license(), options.log(), this::target, options.attachTargets(),
                linked.fdArray());
        return new Prepared(core, subs, maps, btf, loader);
    }

    private void checkByteOrder() {
        if (!ctx.order().equals(kernel.byteOrder())) {
            throw ctx.error(LoaderDiagnosticKind.BYTE_ORDER, null, -1, null, Errno.EINVAL, "object is "
                    + endian(ctx.order()) + ", but the kernel is " + endian(kernel.byteOrder())
                    + "; it loads only into a " + endian(ctx.order()) + " kernel");
        }
    }

    private static String endian(java.nio.ByteOrder o) {
        return o == java.nio.ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian";
    }

    private Optional<String> kconfigMap() {
        return object.maps().stream().filter(m -> m.kind() == MapKind.KCONFIG).map(BpfMap::name).findFirst();
    }

    /** The target BTF for CO-RE and ksyms: the option's, else the kernel's, read once. */
    private Btf target() {
        if (target == null) {
            target = options.targetBtf().orElseGet(kernel::vmlinuxBtf);
        }
        return target;
    }

    private Optional<BtfFd> loadBtf() {
        if (ctx.btf().isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = BtfWriter.write(ctx.btf().get());
        try {
            BtfFd fd = kernel.btfLoad(raw, LogOptions.NONE);
            opened.add(fd);
            return Optional.of(fd);
        } catch (KernelException e) {
            // libbpf goes on without BTF when the kernel refuses it; so do we. Programs then
            // load without func_info and line_info.
            return Optional.empty();
        }
    }
}
