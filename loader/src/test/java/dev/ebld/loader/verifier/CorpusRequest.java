package dev.ebld.loader.verifier;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfType;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.insn.CallKind;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.verifier.VerifierEnv.MapFacts;
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
 * TEST-ONLY: turns a one-program corpus object into the {@link VerifierRequest} the kernel's
 * BPF_PROG_LOAD would see, the way libbpf prepares it: the program section, then each reached
 * {@code .text} function appended in discovery order with calls re-pointed; map references
 * turned into fake fds whose {@link MapFacts} come from the {@code .maps} BTF definitions, and
 * {@code .bss/.data/.rodata} into array maps (.rodata frozen read-only); func_info remapped to
 * the appended layout. Only what the corpus needs (no CO-RE, no externs). The
 * real loader (dev.ebld.loader) replaces this.
 */
public final class CorpusRequest {
    private final ElfObject elf;
    private final Btf btf;
    private final Optional<BtfExt> ext;
    private final Section text;
    private final Map<Integer, MapFacts> fds = new HashMap<>();
    private final Map<String, Integer> fdByName = new HashMap<>();
    private final List<Insn> out = new ArrayList<>();
    private final Map<Long, Integer> placed = new LinkedHashMap<>();
    private final List<FuncInfo> funcInfo = new ArrayList<>();
    private int slots;

    private CorpusRequest(ElfObject elf) throws Exception {
        this.elf = elf;
        this.btf = BtfFiles.fromElf(elf, null);
        this.ext = BtfFiles.extFromElf(elf, btf);
        this.text = elf.section(".text").orElse(null);
    }

    public static VerifierRequest of(Path obj, boolean privileged, int logLevel) throws Exception {
        CorpusRequest c = new CorpusRequest(ElfReader.read(obj));
        Section prog = c.elf.sections().stream()
                .filter(s -> s.isExecutable() && !s.name().equals(".text")).findFirst().orElseThrow();
        c.append(prog, 0, prog.size());
        c.funcInfo.sort((a, b) -> Integer.compare(a.insnOff(), b.insnOff()));
        VerifierEnv env = new VerifierEnv() {
            @Override
            public Optional<MapFacts> map(int fd) {
                return Optional.ofNullable(c.fds.get(fd));
            }

            @Override
            public Btf kernelBtf() {
                throw new UnsupportedOperationException("the corpus adapter has no kernel BTF");
            }
        };
        return new VerifierRequest(progType(prog.name()), attachType(prog.name()), "prog", c.out,
                Optional.of(c.btf), c.funcInfo, List.of(), logLevel, privileged, env);
    }

    static ProgType progType(String section) {
        if (section.equals("xdp")) {
            return ProgType.XDP;
        }
        if (section.equals("tc")) {
            return ProgType.SCHED_CLS;
        }
        if (section.startsWith("raw_tp/")) {
            return ProgType.RAW_TRACEPOINT;
        }
        if (section.equals("syscall")) {
            return ProgType.SYSCALL;
        }
        if (section.equals("socket")) {
            return ProgType.SOCKET_FILTER;
        }
        if (section.startsWith("cgroup_skb/")) {
            return ProgType.CGROUP_SKB;
        }
        throw new IllegalArgumentException("corpus adapter: no program type for section " + section);
    }

    /** The expected attach type libbpf sets for a section name (cgroup_skb's direction). */
    static Optional<AttachType> attachType(String section) {
        return switch (section) {
            case "cgroup_skb/ingress" -> Optional.of(AttachType.CGROUP_INET_INGRESS);
            case "cgroup_skb/egress" -> Optional.of(AttachType.CGROUP_INET_EGRESS);
            default -> Optional.empty();
        };
    }

    /** Appends bytes [from, to) of section {@code sec} at the end of the program. */
    private void append(Section sec, long from, long to) throws Exception {
        int base = slots;
        byte[] code = Arrays.copyOfRange(sec.data(), (int) from, (int) to);
        List<Insn> insns = InsnCodec.decodeAll(code, ByteOrder.LITTLE_ENDIAN);
        Map<Long, Relocation> relocs = new HashMap<>();
        for (Relocation r : elf.relocationsFor(sec.index())) {
            relocs.put(r.offset(), r);
        }
        addFuncInfo(sec.name(), from, to, base);
        int start = out.size();
        out.addAll(insns);
        for (Insn i : insns) {
            slots += i.width();
        }
        int slot = base;
        for (int k = 0; k < insns.size(); k++) {
            Insn in = insns.get(k);
            long byteOff = from + (long) (slot - base) * 8;
            out.set(start + k, relocate(in, relocs.get(byteOff), sec, byteOff, slot));
            slot += in.width();
        }
    }

    private void addFuncInfo(String secName, long from, long to, int base) {
        if (ext.isEmpty()) {
            return;
        }
        for (BtfExt.SectionInfo<BtfExt.FuncInfo> si : ext.get().funcInfo().sections()) {
            if (!si.secName().equals(secName)) {
                continue;
            }
            for (BtfExt.FuncInfo fi : si.records()) {
                if (fi.insnOff() >= from && fi.insnOff() < to) {
                    funcInfo.add(new FuncInfo(base + (int) ((fi.insnOff() - from) / 8), new BtfId(fi.typeId())));
                }
            }
        }
    }

    private Insn relocate(Insn in, Relocation r, Section sec, long byteOff, int slot) throws Exception {
        if (in instanceof Jump.Call c && c.target() == CallKind.LOCAL) {
            long target = r == null ? byteOff + (c.imm() + 1L) * 8
                    : elf.symbol(r.symbolIndex()).value() + (c.imm() + 1L) * 8;
            return c.withImm(place(target) - slot - 1);
        }
        if (!(in instanceof LdImm64 l) || r == null) {
            return in;
        }
        ElfSymbol sym = elf.symbol(r.symbolIndex());
        Section target = elf.section(sym.shndx());
        if (target.name().equals(".maps")) {
            return new LdImm64(l.dst(), PseudoSrc.MAP_FD, mapFd(sym.name()));
        }
        if (target.isExecutable()) {
            return new LdImm64(l.dst(), PseudoSrc.FUNC, place(sym.value() + l.imm()) - slot - 1);
        }
        long off = sym.value() + (int) l.imm();
        return new LdImm64(l.dst(), PseudoSrc.MAP_VALUE, (off << 32) | dataFd(target));
    }

    /** The slot where the .text function holding byte {@code target} lands, appending it once. */
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

    private int mapFd(String name) {
        return fdByName.computeIfAbsent(name, n -> {
            int fd = 100 + fds.size();
            fds.put(fd, mapDef(n));
            return fd;
        });
    }

    private int dataFd(Section sec) {
        return fdByName.computeIfAbsent(sec.name(), n -> {
            int fd = 100 + fds.size();
            boolean ro = n.startsWith(".rodata");
            byte[] bytes = sec.type() == 8 ? new byte[(int) sec.size()] : sec.data();
            fds.put(fd, new MapFacts(MapType.ARRAY, 4, (int) sec.size(), 1, 0, ro,
                    ro ? Optional.of(bytes) : Optional.empty(), Optional.empty()));
            return fd;
        });
    }

    /** A BTF-defined map: the members of its anonymous struct encode type, sizes and entries. */
    private MapFacts mapDef(String name) {
        BtfType.Var var = btf.types().stream().filter(t -> t instanceof BtfType.Var v && v.name().equals(name))
                .map(t -> (BtfType.Var) t).findFirst().orElseThrow();
        return mapDef((BtfType.Struct) strip(var.type()));
    }

    /**
     * One map definition struct. A map-in-map's {@code __array(values, struct inner)} member is
     * an array of pointers to the inner definition, which gives the inner template's facts.
     */
    private MapFacts mapDef(BtfType.Struct def) {
        Map<String, Integer> f = new HashMap<>();
        Optional<MapFacts> inner = Optional.empty();
        for (BtfType.Member m : def.members()) {
            if (m.name().equals("values")) {
                BtfType.Array a = (BtfType.Array) strip(m.type());
                BtfType target = strip(((BtfType.Ptr) strip(a.elemType())).type());
                if (target instanceof BtfType.Struct innerDef) {
                    inner = Optional.of(mapDef(innerDef));
                }
                continue;
            }
            BtfType.Ptr p = (BtfType.Ptr) btf.type(m.type());
            BtfType pointee = strip(p.type());
            f.put(m.name(), pointee instanceof BtfType.Array a && (m.name().equals("type")
                    || m.name().equals("max_entries") || m.name().endsWith("_size") || m.name().equals("map_flags"))
                    ? a.nelems() : size(pointee));
        }
        MapType type = MapType.ofNumber(f.get("type")).orElseThrow();
        int key = f.getOrDefault("key", f.getOrDefault("key_size", 0));
        int value = inner.isPresent() ? 4 : f.getOrDefault("value", f.getOrDefault("value_size", 0));
        return new MapFacts(type, key, value, f.getOrDefault("max_entries", 0), f.getOrDefault("map_flags", 0),
                false, Optional.empty(), inner);
    }

    private BtfType strip(int id) {
        BtfType t = btf.type(id);
        while (t instanceof BtfType.Typedef || t instanceof BtfType.Const || t instanceof BtfType.Volatile) {
            t = btf.type(((BtfType.Ref) t).type());
        }
        return t;
    }

    private int size(BtfType t) {
        if (t instanceof BtfType.Sized s) {
            return s.size();
        }
        if (t instanceof BtfType.Array a) {
            return a.nelems() * size(strip(a.elemType()));
        }
        return 8;
    }
}
