package dev.ebld.loader;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.diag.Location;
import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.Section;
import dev.ebld.loader.internal.BtfFixup;
import dev.ebld.loader.internal.BtfQueries;
import dev.ebld.loader.internal.ExternCollector;
import dev.ebld.loader.internal.MapCollector;
import dev.ebld.loader.internal.MapNames;
import dev.ebld.loader.internal.ObjectContext;
import dev.ebld.loader.internal.ObjectLoader;
import dev.ebld.loader.internal.ProgramCollector;
import dev.ebld.loader.internal.ReferenceFinder;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Kernel;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BPF object opened but not loaded: libbpf's {@code bpf_object} between
 * {@code bpf_object__open} and {@code bpf_object__load}. Opening reads the ELF, fixes up its
 * BTF, and collects maps, externs and programs with symbolic references; nothing touches a
 * kernel. Global variables can be read and written here ({@link #global}), which sets the
 * initial value the data maps get at load.
 *
 * <p>Not thread-safe: the initial data images are mutable until {@link #load}.
 */
public final class BpfObject {
    private final ObjectContext ctx;
    private final List<BpfMap> maps;
    private final Map<String, GlobalVar> globals;
    private final ExternCollector.Result externs;
    private final List<BpfProgram> programs;
    private final Map<String, BpfFunction> subprograms;
    private final Map<String, byte[]> images = new HashMap<>();

    private BpfObject(ObjectContext ctx, MapCollector.Result maps, ExternCollector.Result externs,
            ProgramCollector.Result code) {
        this.ctx = ctx;
        this.maps = List.copyOf(maps.maps());
        this.globals = Collections.unmodifiableMap(new LinkedHashMap<>(maps.globals()));
        this.externs = externs;
        this.programs = code.programs();
        this.subprograms = code.subprograms();
        maps.bySectionIndex().forEach((idx, name) -> images.put(name, initialImage(ctx.section(idx))));
    }

    public static BpfObject open(Path path) throws IOException {
        try {
            return open(ElfReader.read(path));
        } catch (ElfFormatException e) {
            throw new LoaderException(LoaderDiagnosticKind.BAD_ELF, Location.at(e.file(), e.structure(), e.offset()),
                    Errno.EINVAL, e.reason());
        }
    }

    /** Opens an object held in memory; {@code name} names it in messages and map names. */
    public static BpfObject open(String name, byte[] bytes) {
        try {
            return open(ElfReader.read(bytes, name));
        } catch (ElfFormatException e) {
            throw new LoaderException(LoaderDiagnosticKind.BAD_ELF, Location.at(e.file(), e.structure(), e.offset()),
                    Errno.EINVAL, e.reason());
        }
    }

    private static BpfObject open(ElfObject elf) {
        ObjectContext ctx = context(elf);
        // The maps and externs are known before the code, so relocations can name them.
        ExternCollector.Result externs = new ExternCollector(ctx).collect();
        ctx = ctx.withExterns(externs);
        MapCollector.Result maps = new MapCollector(ctx).collect(externs);
        ReferenceFinder refs = new ReferenceFinder(ctx, maps.bySectionIndex(), externs.externs());
        ProgramCollector.Result code = new ProgramCollector(ctx, refs).collect();
        return new BpfObject(ctx, maps, externs, code);
    }

    private static ObjectContext context(ElfObject elf) {
        String objName = MapNames.objectName(elf.file());
        if (elf.section(BtfFiles.BTF_SECTION).isEmpty()) {
            return new ObjectContext(elf, Optional.empty(), Optional.empty(), objName);
        }
        try {
            Btf raw = BtfFiles.fromElf(elf, null);
            Optional<BtfExt> ext = BtfFiles.extFromElf(elf, raw);
            Btf fixed = BtfFixup.fixDataSecs(elf, raw);
            return new ObjectContext(elf, Optional.of(fixed), ext, objName);
        } catch (BtfFormatException e) {
            throw new LoaderException(LoaderDiagnosticKind.BAD_BTF,
                    Location.at(elf.file(), e.section().sectionName(), e.offset()), Errno.EINVAL, e.detail(), "", e);
        }
    }

    private static byte[] initialImage(Section s) {
        return s.type() == dev.ebld.elf.SectionType.SHT_NOBITS ? new byte[(int) s.size()] : s.data().clone();
    }

    /** The file name as given, for messages. */
    public String file() {
        return ctx.file();
    }

    /** libbpf's object name: the file's base name up to its first '.'. */
    public String name() {
        return ctx.objName();
    }

    public ByteOrder byteOrder() {
        return ctx.order();
    }

    public Optional<Btf> btf() {
        return ctx.btf();
    }

    public List<BpfProgram> programs() {
        return programs;
    }

    public Optional<BpfProgram> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The {@code .text} functions, by name. */
    public Map<String, BpfFunction> subprograms() {
        return subprograms;
    }

    /** Every map the load creates, user maps first, then data maps, as libbpf orders them. */
    public List<BpfMap> maps() {
        return maps;
    }

    public Optional<BpfMap> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Every global variable of the data sections, by name, in the object's order: data maps as
     * their sections come, each map's variables by offset.
     */
    public Map<String, GlobalVar> globals() {
        return globals;
    }

    /**
     * Typed access to global {@code name} in the initial image: what the data map will hold when
     * loaded. Unknown names are an error naming the object.
     */
    public Global global(String name) {
        GlobalVar v = globals.get(name);
        if (v == null) {
            throw ctx.error(LoaderDiagnosticKind.UNKNOWN_GLOBAL, null, -1, name, Errno.ENOENT,
                    "no global variable '" + name + "' in the object's data sections");
        }
        boolean signed = BtfQueries.isSigned(ctx.btf().orElseThrow(), v.typeId());
        byte[] image = images.get(v.map());
        return new Global(v, signed, ctx.order(), new Global.Store() {
            @Override
            public byte[] read() {
                return image.clone();
            }

            @Override
            public void write(byte[] value) {
                System.arraycopy(value, 0, image, 0, image.length);
            }
        });
    }

    /** The initial value of a data map (a copy). */
    public Optional<byte[]> initialValue(String mapName) {
        return Optional.ofNullable(images.get(mapName)).map(byte[]::clone);
    }

    /** The {@code license} section's string, "" when there is none. */
    public String license() {
        return ctx.elf().section("license").map(s -> cString(s.data())).orElse("");
    }

    /** The {@code version} section's value, 0 when there is none (libbpf's kern_version). */
    public int kernelVersion() {
        return ctx.elf().section("version").filter(s -> s.size() == 4)
                .map(s -> dev.ebld.bytes.FixedWidth.u32(s.data(), 0, ctx.order()))
                .orElse(0);
    }

    /** Creates maps, loads BTF and programs into {@code kernel}; see {@link ObjectLoader}. */
    public LoadedObject load(Kernel kernel, LoadOptions options) {
        return new ObjectLoader(this, ctx, externs, Map.copyOf(images), kernel, options).load();
    }

    /**
     * Loads this object as a shared library (seed 004's {@code helpers.o}): its maps, then each
     * global function of {@code .text} loaded and verified once with no program type
     * ({@link Kernel#libraryLoad}). The object must have no programs.
     */
    public LoadedLibrary loadLibrary(Kernel kernel, LoadOptions options) {
        return new ObjectLoader(this, ctx, externs, Map.copyOf(images), kernel, options).loadLibrary();
    }

    private LoadedObject load(Kernel kernel, LoadOptions options, List<LoadOptions.LinkSource> sameLoad) {
        return new ObjectLoader(this, ctx, externs, Map.copyOf(images), kernel, options, sameLoad).load();
    }

    private LoadedLibrary loadLibrary(Kernel kernel, LoadOptions options, List<LoadOptions.LinkSource> sameLoad) {
        return new ObjectLoader(this, ctx, externs, Map.copyOf(images), kernel, options, sameLoad).loadLibrary();
    }

    /**
     * Loads several objects together, libraries (objects with no programs) first, then the others,
     * each in the order given. An extern function of one resolves first against the objects
     * loaded before it in this load, then against the options' libraries and objects, then
     * against kernel symbols (docs/design.md "Dynamic calls"). A failure closes what was loaded.
     */
    public static LoadedGroup loadAll(Kernel kernel, LoadOptions options, BpfObject... objects) {
        List<BpfObject> order = new ArrayList<>();
        for (BpfObject o : objects) {
            if (o.programs().isEmpty()) {
                order.add(o);
            }
        }
        for (BpfObject o : objects) {
            if (!o.programs().isEmpty()) {
                order.add(o);
            }
        }
        List<LoadOptions.LinkSource> sameLoad = new ArrayList<>();
        List<LoadedLibrary> libraries = new ArrayList<>();
        List<LoadedObject> loaded = new ArrayList<>();
        try {
            for (BpfObject o : order) {
                if (o.programs().isEmpty()) {
                    LoadedLibrary l = o.loadLibrary(kernel, options, sameLoad);
                    libraries.add(l);
                    sameLoad.add(new LoadOptions.LinkSource(o.name(), l.functions(), l.variables()));
                } else {
                    LoadedObject lo = o.load(kernel, options, sameLoad);
                    loaded.add(lo);
                    sameLoad.add(new LoadOptions.LinkSource(o.name(), lo.linkableFunctions(), lo.linkableVariables()));
                }
            }
        } catch (RuntimeException e) {
            new LoadedGroup(libraries, loaded).close();
            throw e;
        }
        return new LoadedGroup(libraries, loaded);
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
