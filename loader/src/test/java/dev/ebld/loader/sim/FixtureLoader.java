package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.UpdateMode;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TEST-ONLY: loads a one-program fixture object into a {@link Kernel} the way libbpf would, for
 * the few objects the link tests use (the rootlet and its extensions): the program section, each
 * reached {@code .text} function appended with calls re-pointed, {@code .maps} definitions and
 * {@code .bss/.data} created as real maps and their {@code ld_imm64} turned into map fds and map
 * values, the object's BTF loaded, func_info remapped. No CO-RE, no externs. The real loader
 * ({@code dev.ebld.loader.BpfObject}) replaces this once it lands.
 */
final class FixtureLoader {
    /** A loaded fixture: its program, and its maps by name (the test still holds their fds). */
    record Loaded(ProgFd prog, BtfFd btf, Btf objBtf, Map<String, MapFd> maps) {
    }

    private final Kernel kernel;
    private final ElfObject elf;
    private final Btf btf;
    private final Optional<BtfExt> ext;
    private final Section text;
    private final Map<String, MapFd> maps = new LinkedHashMap<>();
    private final List<Insn> out = new ArrayList<>();
    private final Map<Long, Integer> placed = new LinkedHashMap<>();
    private final List<FuncInfo> funcInfo = new ArrayList<>();
    private int slots;

    private FixtureLoader(Kernel kernel, ElfObject elf, java.util.function.UnaryOperator<Btf> edit)
            throws Exception {
        this.kernel = kernel;
        this.elf = elf;
        this.btf = edit.apply(BtfFiles.fromElf(elf, null));
        this.ext = BtfFiles.extFromElf(elf, btf);
        this.text = elf.section(".text").orElse(null);
    }

    static Path fixture(String name) {
        Path p = Path.of("fixtures/obj", name);
        return p.toFile().exists() ? p : Path.of("..", "fixtures/obj", name);
    }

    /** Loads {@code object}; an extension also names its target program and function. */
    static Loaded load(Kernel kernel, Path object, Optional<ProgFd> target,
            Optional<BtfId> function) throws Exception {
        return load(kernel, object, target, function, b -> b);
    }

    /** {@link #load} with the object's BTF edited first (type ids must stay where they are). */
    static Loaded load(Kernel kernel, Path object, Optional<ProgFd> target,
            Optional<BtfId> function, java.util.function.UnaryOperator<Btf> editBtf) throws Exception {
        FixtureLoader l = new FixtureLoader(kernel, ElfReader.read(object), editBtf);
        Section prog = l.elf.sections().stream()
                .filter(s -> s.isExecutable() && !s.name().equals(".text")).findFirst().orElseThrow();
        l.append(prog, 0, prog.size());
        l.funcInfo.sort((a, b) -> Integer.compare(a.insnOff(), b.insnOff()));
        String name = l.elf.symbols().stream().filter(s -> s.type() == ElfSymbol.STT_FUNC
                && s.shndx() == prog.index() && s.value() == 0).findFirst().orElseThrow().name();
        BtfFd btfFd = kernel.btfLoad(BtfWriter.write(l.btf), LogOptions.NONE);
        ProgType type = prog.name().startsWith("freplace/") ? ProgType.EXT : ProgType.XDP;
        ProgFd fd = kernel.progLoad(new ProgLoadAttr(type, Optional.empty(), name, l.out, "GPL",
                Optional.of(btfFd), l.funcInfo, List.of(), LogOptions.NONE, target, function,
                List.of(), 0)).fd();
        return new Loaded(fd, btfFd, l.btf, l.maps);
    }

    private void append(Section sec, long from, long to) throws Exception {
        int base = slots;
        List<Insn> insns = InsnCodec.decodeAll(Arrays.copyOfRange(sec.data(), (int) from, (int) to),
                ByteOrder.LITTLE_ENDIAN);
        Map<Long, Relocation> relocs = new HashMap<>();
        for (Relocation r : elf.relocationsFor(sec.index())) {
            relocs.put(r.offset(), r);
        }
        addFuncInfo(sec.name(), from, to, base);
        int start = out.size();
        out.addAll(insns);
        insns.forEach(i -> slots += i.width());
        int slot = base;
        for (int k = 0; k < insns.size(); k++) {
            Insn in = insns.get(k);
            long byteOff = from + (long) (slot - base) * 8;
            out.set(start + k, relocate(in, relocs.get(byteOff), byteOff, slot));
            slot += in.width();
        }
    }

    private void addFuncInfo(String secName, long from, long to, int base) {
        ext.ifPresent(e -> e.funcInfo().sections().stream().filter(s -> s.secName().equals(secName))
                .flatMap(s -> s.records().stream())
                .filter(fi -> fi.insnOff() >= from && fi.insnOff() < to)
                .forEach(fi -> funcInfo.add(new FuncInfo(base + (int) ((fi.insnOff() - from) / 8),
                        new BtfId(fi.typeId())))));
    }

    private Insn relocate(Insn in, Relocation r, long byteOff, int slot) throws Exception {
        if (in instanceof Jump.Call && ((Jump.Call) in).target() == CallKind.LOCAL) {
            Jump.Call c = (Jump.Call) in;
            long target = r == null ? byteOff + (c.imm() + 1L) * 8
                    : elf.symbol(r.symbolIndex()).value() + (c.imm() + 1L) * 8;
            return c.withImm(place(target) - slot - 1);
        }
        if (!(in instanceof LdImm64) || r == null) {
            return in;
        }
        LdImm64 l = (LdImm64) in;
        ElfSymbol sym = elf.symbol(r.symbolIndex());
        Section target = elf.section(sym.shndx());
        if (target.name().equals(".maps")) {
            return new LdImm64(l.dst(), PseudoSrc.MAP_FD, mapFd(sym.name()).value());
        }
        long off = sym.value() + (int) l.imm();
        return new LdImm64(l.dst(), PseudoSrc.MAP_VALUE, (off << 32) | dataFd(target).value());
    }

    private int place(long target) throws Exception {
        ElfSymbol fn = elf.symbols().stream()
                .filter(s -> s.type() == ElfSymbol.STT_FUNC && s.shndx() == text.index()
                        && s.value() <= target && target < s.value() + s.size())
                .findFirst().orElseThrow(() -> new IllegalStateException("no function at .text+" + target));
        Integer at = placed.get(fn.value());
        if (at == null) {
            at = slots;
            placed.put(fn.value(), at);
            append(text, fn.value(), fn.value() + fn.size());
        }
        return at + (int) ((target - fn.value()) / 8);
    }

    private MapFd mapFd(String name) {
        return maps.computeIfAbsent(name, this::createMap);
    }

    private MapFd dataFd(Section sec) {
        return maps.computeIfAbsent(sec.name(), n -> {
            MapFd fd = kernel.mapCreate(MapCreateAttr.of(MapType.ARRAY, n.substring(1), 4,
                    (int) sec.size(), 1, MapCreateAttr.F_MMAPABLE));
            if (sec.type() != 8) { // not NOBITS: the initial values
                kernel.mapUpdate(fd, new byte[4], sec.data(), UpdateMode.ANY);
            }
            return fd;
        });
    }

    /** A BTF-defined map: the members of its anonymous struct encode type, sizes and entries. */
    private MapFd createMap(String name) {
        BtfType.Var var = (BtfType.Var) btf.types().stream()
                .filter(t -> t instanceof BtfType.Var && t.name().equals(name)).findFirst().orElseThrow();
        BtfType.Struct def = (BtfType.Struct) strip(var.type());
        Map<String, Integer> f = new HashMap<>();
        for (BtfType.Member m : def.members()) {
            BtfType pointee = strip(((BtfType.Ptr) btf.type(m.type())).type());
            boolean count = m.name().equals("type") || m.name().equals("max_entries");
            f.put(m.name(), count ? ((BtfType.Array) pointee).nelems() : size(pointee));
        }
        MapType type = MapType.ofNumber(f.get("type")).orElseThrow();
        return kernel.mapCreate(MapCreateAttr.of(type, name.length() > 15 ? name.substring(0, 15) : name,
                f.getOrDefault("key", 0), f.getOrDefault("value", 0), f.getOrDefault("max_entries", 0), 0));
    }

    private BtfType strip(int id) {
        BtfType t = btf.type(id);
        while (t instanceof BtfType.Typedef || t instanceof BtfType.Const || t instanceof BtfType.Volatile) {
            t = btf.type(((BtfType.Ref) t).type());
        }
        return t;
    }

    private int size(BtfType t) {
        if (t instanceof BtfType.Sized) {
            return ((BtfType.Sized) t).size();
        }
        if (t instanceof BtfType.Array) {
            BtfType.Array a = (BtfType.Array) t;
            return a.nelems() * size(strip(a.elemType()));
        }
        return 8;
    }
}
