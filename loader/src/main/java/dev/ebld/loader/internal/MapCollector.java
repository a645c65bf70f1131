package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.bytes.FixedWidth;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;
import dev.ebld.loader.BpfMap;
import dev.ebld.loader.GlobalVar;
import dev.ebld.loader.MapKind;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The open stage for maps: BTF-defined maps from {@code .maps}, legacy {@code struct bpf_map_def}
 * maps from {@code maps}, and one array map per global-data section, in libbpf's order (user maps
 * in section order, then data maps in section order). After it every map the programs may refer
 * to has a name, and every global variable a (map, offset).
 */
public final class MapCollector {
    public static final String MAPS_SEC = ".maps";
    public static final String LEGACY_MAPS_SEC = "maps";
    /** {@code struct bpf_map_def}: type, key_size, value_size, max_entries, map_flags. */
    static final int LEGACY_DEF_SIZE = 20;

    /**
     * @param bySectionIndex data section index to its map name
     * @param globals variable name to where it lives
     */
    public record Result(List<BpfMap> maps, Map<Integer, String> bySectionIndex,
            Map<String, GlobalVar> globals) {
    }

    private final ObjectContext ctx;

    public MapCollector(ObjectContext ctx) {
        this.ctx = ctx;
    }

    public Result collect(ExternCollector.Result externs) {
        List<BpfMap> maps = new ArrayList<>();
        ctx.elf().section(MAPS_SEC).ifPresent(s -> maps.addAll(btfMaps(s)));
        ctx.elf().section(LEGACY_MAPS_SEC).ifPresent(s -> maps.addAll(legacyMaps(s)));
        Map<Integer, String> bySection = new HashMap<>();
        Map<String, GlobalVar> globals = new LinkedHashMap<>();
        for (Section s : ctx.elf().sections()) {
            Optional<MapKind> kind = dataKind(s);
            if (kind.isPresent()) {
                BpfMap m = dataMap(s, kind.get());
                maps.add(m);
                bySection.put(s.index(), m.name());
                globals.putAll(globalsOf(s, m));
            }
        }
        if (externs.kconfigSize() > 0) {
            maps.add(kconfigMap(externs));
        }
        return new Result(maps, bySection, globals);
    }

    /** libbpf's classification of data sections ({@code SEC_DATA}, {@code SEC_RODATA}, {@code SEC_BSS}). */
    static Optional<MapKind> dataKind(Section s) {
        if (s.size() == 0 || s.isExecutable()) {
            return Optional.empty();
        }
        String n = s.name();
        if (s.type() == SectionType.SHT_PROGBITS && (n.equals(".data") || n.startsWith(".data."))) {
            return Optional.of(MapKind.DATA);
        }
        if (s.type() == SectionType.SHT_PROGBITS && (n.equals(".rodata") || n.startsWith(".rodata."))) {
            return Optional.of(MapKind.RODATA);
        }
        if (s.type() == SectionType.SHT_NOBITS && (n.equals(".bss") || n.startsWith(".bss."))) {
            return Optional.of(MapKind.BSS);
        }
        return Optional.empty();
    }

    /**
     * A data map: a one-element array holding the section. Flags as libbpf 1.1 sets them:
     * read-only for programs for {@code .rodata}, mmapable for all (the kconfig map is made
     * elsewhere, without it).
     */
    private BpfMap dataMap(Section s, MapKind kind) {
        int flags = MapCreateAttr.F_MMAPABLE
                | (kind == MapKind.RODATA ? MapCreateAttr.F_RDONLY_PROG : 0);
        int valueType = ctx.btf().flatMap(b -> b.find(s.name(), BtfKind.DATASEC)).orElse(0);
        return new BpfMap(MapNames.internal(ctx.objName(), s.name()), kind, s.name(), MapType.ARRAY,
                4, (int) s.size(), 1, flags, 0, 0, Optional.empty(), 0, valueType, Map.of());
    }

    /** The map holding {@code .kconfig} values: read-only for programs and, in libbpf 1.1, mmapable. */
    private BpfMap kconfigMap(ExternCollector.Result externs) {
        return new BpfMap(MapNames.internal(ctx.objName(), ExternCollector.KCONFIG_SEC), MapKind.KCONFIG,
                ExternCollector.KCONFIG_SEC, MapType.ARRAY, 4, externs.kconfigSize(), 1,
                MapCreateAttr.F_RDONLY_PROG | MapCreateAttr.F_MMAPABLE, 0, 0, Optional.empty(), 0,
                externs.kconfigDatasec(), Map.of());
    }

    private Map<String, GlobalVar> globalsOf(Section s, BpfMap m) {
        Map<String, GlobalVar> out = new LinkedHashMap<>();
        if (m.valueTypeId() == 0) {
            return out;
        }
        Btf btf = ctx.btf().orElseThrow();
        BtfType.Datasec ds = (BtfType.Datasec) btf.type(m.valueTypeId());
        List<GlobalVar> vars = new ArrayList<>();
        for (BtfType.VarSecinfo v : ds.vars()) {
            BtfType t = btf.type(v.type());
            if (t instanceof BtfType.Var var) {
                vars.add(new GlobalVar(var.name(), m.name(), v.offset(), v.size(), var.type()));
            }
        }
        // By offset, as the variables lie in the map's value; a name settles a tie.
        vars.sort((a, b) -> a.offset() != b.offset() ? Integer.compare(a.offset(), b.offset())
                : a.name().compareTo(b.name()));
        for (GlobalVar g : vars) {
            out.put(g.name(), g);
        }
        return out;
    }

    private List<BpfMap> btfMaps(Section sec) {
        Btf btf = ctx.requireBtf(MAPS_SEC, null);
        BtfType.Datasec ds = btf.find(MAPS_SEC, BtfKind.DATASEC).map(id -> (BtfType.Datasec) btf.type(id))
                .orElseThrow(() -> ctx.error(LoaderDiagnosticKind.BAD_MAP, MAPS_SEC, -1, null, Errno.EINVAL,
                        "DATASEC '.maps' not found"));
        BtfMapDefs defs = new BtfMapDefs(ctx, btf, MAPS_SEC);
        List<Relocation> relos = ctx.elf().relocationsFor(sec.index());
        List<BpfMap> out = new ArrayList<>();
        for (BtfType.VarSecinfo v : ds.vars()) {
            BtfType t = btf.type(v.type());
            if (!(t instanceof BtfType.Var var)) {
                throw ctx.error(LoaderDiagnosticKind.BAD_MAP, MAPS_SEC, v.offset(), null, Errno.EINVAL,
                        "unexpected " + t.kind().label() + " in DATASEC '.maps'");
            }
            Map<Integer, String> slots = slots(defs, var, v, relos);
            out.add(defs.parse(var.name(), var.type(), false, v.offset(), slots));
        }
        return out;
    }

    /** Initial values of map-in-map and prog_array maps, from the relocations of {@code .maps}. */
    private Map<Integer, String> slots(BtfMapDefs defs, BtfType.Var var, BtfType.VarSecinfo v,
            List<Relocation> relos) {
        Map<Integer, String> slots = new HashMap<>();
        Optional<Integer> valuesOff = defs.valuesOffset(var.type());
        for (Relocation r : relos) {
            if (r.offset() < v.offset() || r.offset() >= v.offset() + v.size()) {
                continue;
            }
            long moff = r.offset() - v.offset() - valuesOff.orElse(Integer.MAX_VALUE);
            if (valuesOff.isEmpty() || moff < 0 || moff % 8 != 0) {
                throw ctx.error(LoaderDiagnosticKind.BAD_MAP, MAPS_SEC, r.offset(), var.name(), Errno.EINVAL,
                        "map '" + var.name() + "': unexpected relocation outside 'values'");
            }
            ElfSymbol target = ctx.elf().symbol(r.symbolIndex());
            slots.put((int) (moff / 8), target.name());
        }
        return slots;
    }

    /**
     * Legacy {@code SEC("maps")} definitions, as libbpf before 1.0 read them: the section is split
     * evenly between its symbols; each piece starts with {@code struct bpf_map_def} and any bytes
     * past it must be zero. (libbpf 1.0 and later refuse the section outright.)
     */
    private List<BpfMap> legacyMaps(Section sec) {
        List<ElfSymbol> syms = new ArrayList<>();
        for (ElfSymbol s : ctx.elf().symbols()) {
            if (s.shndx() == sec.index() && s.type() != ElfSymbol.STT_SECTION && !s.name().isEmpty()) {
                syms.add(s);
            }
        }
        syms.sort((a, b) -> Long.compare(a.value(), b.value()));
        if (syms.isEmpty()) {
            return List.of();
        }
        byte[] data = sec.data();
        int defSize = data.length / syms.size();
        if (data.length % syms.size() != 0 || defSize < LEGACY_DEF_SIZE) {
            throw ctx.error(LoaderDiagnosticKind.BAD_MAP, LEGACY_MAPS_SEC, 0, null, Errno.EINVAL,
                    "unable to determine map definition size: section of " + data.length
                            + " bytes, " + syms.size() + " maps");
        }
        List<BpfMap> out = new ArrayList<>();
        for (ElfSymbol s : syms) {
            out.add(legacyMap(s, data, defSize));
        }
        return out;
    }

    private BpfMap legacyMap(ElfSymbol s, byte[] data, int defSize) {
        int off = (int) s.value();
        if (off % defSize != 0 || off + defSize > data.length) {
            throw ctx.error(LoaderDiagnosticKind.BAD_MAP, LEGACY_MAPS_SEC, off, s.name(), Errno.EINVAL,
                    "map '" + s.name() + "': definition not aligned to " + defSize + " bytes");
        }
        for (int i = off + LEGACY_DEF_SIZE; i < off + defSize; i++) {
            if (data[i] != 0) {
                throw ctx.error(LoaderDiagnosticKind.BAD_MAP, LEGACY_MAPS_SEC, i, s.name(), Errno.EINVAL,
                        "map '" + s.name() + "': unknown non-zero bytes past struct bpf_map_def");
            }
        }
        int[] f = new int[5];
        for (int i = 0; i < 5; i++) {
            f[i] = FixedWidth.u32(data, off + 4 * i, ctx.order());
        }
        MapType type = MapType.ofNumber(f[0]).orElseThrow(() -> ctx.error(LoaderDiagnosticKind.BAD_MAP,
                LEGACY_MAPS_SEC, off, s.name(), Errno.EINVAL,
                "map '" + s.name() + "': unknown map type " + f[0]));
        return new BpfMap(s.name(), MapKind.USER, LEGACY_MAPS_SEC, type, f[1], f[2], f[3], f[4], 0, 0,
                Optional.empty(), 0, 0, Map.of());
    }
}
