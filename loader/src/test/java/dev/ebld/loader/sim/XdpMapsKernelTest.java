package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfStrings;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.loader.kernel.BtfFd;
import dev.ebld.loader.kernel.BtfId;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.testkit.RequiresKernel;
import dev.ebld.testkit.RequiresTool;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same map commands on DEVMAP_HASH, CPUMAP and XSKMAP maps, given to the real kernel
 * (bpftool, maps pinned under /sys/fs/bpf) and to the simulated one, outcome by outcome: "ok",
 * the bytes a lookup or getnext answers, or the errno.
 *
 * <p>A script line is {@code op map args}: {@code create NAME TYPE KEY VALUE ENTRIES [FLAGS]},
 * {@code btfcreate NAME TYPE KEY VALUE ENTRIES [FD KEY_ID VALUE_ID]} (with key and value BTF, see
 * {@link #keyValueBtf}; FD is btf, badfd or notbtf, see {@link #simBtfFd}; the ids default to u32
 * and a type of the value's size),
 * {@code update NAME KEY V[,V] any|noexist|exist}, {@code lookup NAME KEY},
 * {@code delete NAME KEY}, {@code next NAME [KEY]}; numbers are u32s. {@code $lo} is ifindex 1
 * (lo in both), {@code $nodev} an ifindex no device has, {@code $badfd} an fd not open,
 * {@code $notsock} an open fd that is no socket (fd 0 in bpftool, the map's own fd in the
 * simulated process), {@code $cpus} the machine's possible CPU count (the simulated kernel is
 * given the same), {@code $cpus1} one more.
 */
@RequiresKernel
@RequiresTool("bpftool")
@RequiresTool("clang-19")
class XdpMapsKernelTest {
    private static final List<String> SCRIPT = List.of(
            "create dh_key8 devmap_hash 8 4 4",
            "create dh_v12 devmap_hash 4 12 4",
            "create dh_rdprog devmap_hash 4 4 4 128",
            "btfcreate dh_btf devmap_hash 4 4 4", "btfcreate dh_btf8 devmap_hash 4 8 4",
            // map_create's BTF step, in the kernel's order: a key type without a value type,
            // the type's own checks, btf_fd, the types' sizes, then map_check_no_btf
            "btfcreate dh_kv devmap_hash 4 4 4 btf 1 0", "btfcreate dh_k8bad devmap_hash 8 4 4 badfd",
            "btfcreate dh_badfd devmap_hash 4 4 4 badfd", "btfcreate dh_notbtf devmap_hash 4 4 4 notbtf",
            "btfcreate dh_noids devmap_hash 4 4 4 badfd 0 0", "btfcreate dh_k64 devmap_hash 4 4 4 btf 3 1",
            "btfcreate dh_v4 devmap_hash 4 8 4 btf 1 1", "btfcreate dh_vnone devmap_hash 4 4 4 btf 1 99",
            "btfcreate dh_nokey devmap_hash 4 4 4 btf 0 1", "btfcreate dh_tdef devmap_hash 4 4 4 btf 4 1",
            "btfcreate ar array 4 4 4", "btfcreate ar_nokey array 4 4 4 btf 0 1",
            "btfcreate ar_skey array 4 4 4 btf 5 1", "btfcreate ar_tdef array 4 4 4 btf 4 1",
            "btfcreate ar_k64 array 4 8 4 btf 3 2", "btfcreate ha hash 4 4 4",
            "btfcreate ha_nokey hash 4 4 4 btf 0 1", "btfcreate ha_skey hash 4 4 4 btf 5 5",
            "btfcreate ha_k64 hash 8 4 4 btf 3 1", "btfcreate pa prog_array 4 4 4",
            "btfcreate pe perf_event_array 4 4 4", "btfcreate pe_bad perf_event_array 4 4 4 badfd",
            "btfcreate dh_2g1 devmap_hash 4 4 2147483649 btf 1 0",
            "create dh devmap_hash 4 8 2",
            "update dh 100 $lo,0 any",
            "lookup dh 100",
            "lookup dh 5",
            "update dh 100 $lo,0 noexist",
            "update dh 7 $lo,0 exist",
            "update dh 7 $nodev,0 any",
            "update dh 7 0,0 any",
            "update dh 8 $lo,0 any",
            "update dh 8 $nodev,0 any",
            "update dh 100 $lo,0 noexist",
            "update dh 7 $lo,-1 any",
            "update dh 7 $lo,$badfd any",
            "update dh 7 0,$badfd any",
            "next dh", "next dh 100", "next dh 7", "next dh 55",
            "delete dh 55", "delete dh 7", "delete dh 7",
            "create dh3 devmap_hash 4 4 3",
            "update dh3 1 $lo any", "update dh3 100 $lo any", "update dh3 5 $lo any",
            "next dh3", "next dh3 100", "next dh3 5", "next dh3 1",
            "update dh3 1 $lo exist", "next dh3 100", "next dh3 1", "next dh3 5",
            "create cm_key8 cpumap 8 4 4",
            "create cm_v12 cpumap 4 12 4",
            "create cm_rdonly cpumap 4 4 4 8",
            "btfcreate cm_btf cpumap 4 4 4", "btfcreate cm_btf8 cpumap 4 8 4",
            "btfcreate cm_nokey cpumap 4 4 4 btf 0 1", "btfcreate cm_badfd cpumap 4 4 4 badfd",
            "btfcreate cm_v8 cpumap 4 4 4 btf 1 2",
            "create cm_big cpumap 4 4 100000",
            "create cm_nr cpumap 4 4 256", "create cm_nr1 cpumap 4 4 257",
            "create cm cpumap 4 8 $cpus1",
            "update cm 0 192,0 any", "lookup cm 0", "lookup cm 1", "lookup cm 99",
            "update cm 1 64,0 noexist", "update cm 1 64,0 exist",
            "update cm $cpus1 64,0 any", "update cm $cpus 64,0 any",
            "update cm 0 16385,0 any", "update cm $cpus 16385,0 any", "update cm $cpus1 16385,0 any",
            "update cm 0 16384,-1 any", "lookup cm 0",
            "update cm 0 64,$badfd any", "lookup cm 0",
            "update cm 0 0,$badfd any", "lookup cm 0",
            "next cm", "next cm 0", "next cm $cpus", "next cm 99",
            "delete cm 1", "delete cm 1", "delete cm $cpus1",
            "create xk_key8 xskmap 8 4 4",
            "create xk_v8 xskmap 4 8 4",
            "create xk_rdprog xskmap 4 4 4 128",
            "btfcreate xk_btf xskmap 4 4 4", "btfcreate xk_s4 xskmap 4 4 4 btf 1 5",
            "btfcreate xk_k64 xskmap 4 4 4 btf 3 1",
            "create xk xskmap 4 4 4",
            "update xk 9 $badfd any", "update xk 0 $badfd any", "update xk 0 $notsock any",
            "update xk 0 $notsock noexist",
            "lookup xk 0", "lookup xk 9",
            "delete xk 0", "delete xk 9",
            "next xk", "next xk 0", "next xk 3", "next xk 9");
    private static final int NO_SUCH_DEVICE = 0x7ff0;
    private static final int BAD_FD = 999;
    private static final int U32_ID = 1;
    private static final int VAL8_ID = 2;

    private final int cpus = HostCpus.possible();
    private final SimProcess sim = new SimKernel().possibleCpus(cpus).rootProcess();
    private final Map<String, MapFd> simMaps = new HashMap<>();
    private final String pins = "/sys/fs/bpf/ebld_xdpmaps_" + ProcessHandle.current().pid();
    /** The key and value BTF {@code btfcreate} passes, as a file for the probe. */
    private Path btfFile;
    /** src/test/c/map_create_btf.c, built for this machine. */
    private Path probe;

    @Test
    void mapCommandsAgreeWithTheRealKernel(@TempDir Path tmp) throws Exception {
        assumeTrue(cpus + 1 <= MapRules.NR_CPUS, "a cpumap of possible CPUs + 1 entries must fit");
        btfFile = Files.write(tmp.resolve("keyval.btf"), BtfWriter.write(keyValueBtf()));
        probe = tmp.resolve("map_create_btf");
        ChildProcess.outputOf("clang-19", "-O2", "-o", probe.toString(), probeSource().toString());
        List<String> kernel = new ArrayList<>();
        List<String> simulated = new ArrayList<>();
        Files.createDirectory(Path.of(pins));
        try {
            for (String line : SCRIPT) {
                kernel.add(line + " -> " + kernelDoes(line.split(" ")));
                simulated.add(line + " -> " + simDoes(line.split(" ")));
            }
        } finally {
            ChildProcess.exec(List.of("rm", "-rf", pins));
        }
        assertEquals(String.join("\n", kernel), String.join("\n", simulated));
    }

    private String kernelDoes(String[] w) throws Exception {
        if (w[0].equals("btfcreate")) {
            return kernelCreatesWithBtf(w);
        }
        String pin = pins + "/" + w[1];
        List<String> args = new ArrayList<>(List.of("-j", "map"));
        switch (w[0]) {
            case "create" -> args.addAll(List.of("create", pin, "type", w[2], "key", w[3], "value",
                    w[4], "entries", num(w[5], 0), "name", w[1], "flags", w.length > 6 ? w[6] : "0"));
            case "next" -> {
                args.addAll(List.of("getnext", "pinned", pin));
                if (w.length > 2) {
                    args.add("key");
                    args.addAll(bytes(w[2], 0));
                }
            }
            default -> {
                args.addAll(List.of(w[0], "pinned", pin, "key"));
                args.addAll(bytes(w[2], 0));
                if (w[0].equals("update")) {
                    args.add("value");
                    args.addAll(bytes(w[3], 0));
                    args.add(w[4]);
                }
            }
        }
        Bpftool.Result r = Bpftool.call(args.toArray(String[]::new));
        Optional<Errno> errno = r.errno();
        if (errno.isPresent()) {
            return errno.get().name();
        }
        return w[0].equals("lookup") || w[0].equals("next") ? "ok " + r.bytes() : "ok";
    }

    private String simDoes(String[] w) {
        int notSock = simMaps.containsKey(w[1]) ? simMaps.get(w[1]).value() : -1;
        return outcome(() -> switch (w[0]) {
            case "create" -> {
                simMaps.put(w[1], sim.mapCreate(MapCreateAttr.of(MapType.valueOf(
                        w[2].toUpperCase(Locale.ROOT)), w[1], Integer.parseInt(w[3]),
                        Integer.parseInt(w[4]), Integer.parseInt(num(w[5], 0)),
                        w.length > 6 ? Integer.parseInt(w[6]) : 0)));
                yield Optional.empty();
            }
            case "btfcreate" -> {
                sim.mapCreate(new MapCreateAttr(MapType.valueOf(w[2].toUpperCase(Locale.ROOT)),
                        w[1], Integer.parseInt(w[3]), Integer.parseInt(w[4]),
                        Integer.parseUnsignedInt(num(w[5], 0)), 0, Optional.empty(), Optional.of(simBtfFd(
                        btfArg(w, 6, "btf"), notSock)), new BtfId(Integer.parseInt(btfArg(w, 7,
                        Integer.toString(U32_ID)))), new BtfId(Integer.parseInt(btfArg(w, 8,
                        Integer.toString(valueTypeId(w[4]))))), 0));
                yield Optional.empty();
            }
            case "update" -> {
                sim.mapUpdate(simMaps.get(w[1]), u32s(w[2], notSock), u32s(w[3], notSock),
                        UpdateMode.valueOf(w[4].toUpperCase(Locale.ROOT)));
                yield Optional.empty();
            }
            case "lookup" -> Optional.of(sim.mapLookup(simMaps.get(w[1]), u32s(w[2], notSock)));
            case "delete" -> {
                sim.mapDelete(simMaps.get(w[1]), u32s(w[2], notSock));
                yield Optional.empty();
            }
            case "next" -> Optional.of(sim.mapGetNextKey(simMaps.get(w[1]),
                    w.length > 2 ? Optional.of(u32s(w[2], notSock)) : Optional.empty()));
            default -> throw new AssertionError("bad script line: " + String.join(" ", w));
        });
    }

    /**
     * BPF_MAP_CREATE with key and value BTF through the probe: bpftool cannot pass BTF, and
     * libbpf drops it for these map types, so only bpf(2) itself shows the kernel's refusal.
     */
    private String kernelCreatesWithBtf(String[] w) throws Exception {
        int type = MapType.valueOf(w[2].toUpperCase(Locale.ROOT)).number();
        String out = ChildProcess.outputOf(probe.toString(), btfFile.toString(), btfArg(w, 6, "btf"),
                Integer.toString(type), w[3], w[4], num(w[5], 0), btfArg(w, 7, Integer.toString(U32_ID)),
                btfArg(w, 8, Integer.toString(valueTypeId(w[4])))).strip();
        if (out.equals("ok")) {
            return "ok";
        }
        int number = Integer.parseInt(out.substring("errno ".length()));
        return Arrays.stream(Errno.values()).filter(e -> e.number() == number).findFirst()
                .map(Errno::name).orElse("errno " + number);
    }

    /** {@code btfcreate}'s optional word {@code i} (btf_fd kind, key type id, value type id). */
    private static String btfArg(String[] w, int i, String otherwise) {
        return w.length > i ? w[i] : otherwise;
    }

    /**
     * The simulated process's btf_fd for {@code btf} (freshly loaded BTF), {@code badfd} (not
     * open) or {@code notbtf} (a new map's fd; the probe opens /dev/null).
     */
    private BtfFd simBtfFd(String kind, int anyMapFd) {
        return switch (kind) {
            case "btf" -> sim.btfLoad(BtfWriter.write(keyValueBtf()), LogOptions.NONE);
            case "badfd" -> new BtfFd(BAD_FD);
            case "notbtf" -> new BtfFd(sim.mapCreate(MapCreateAttr.of(MapType.ARRAY, "notbtf", 4, 4, 1,
                    0)).value());
            default -> throw new AssertionError("btf_fd kind " + kind);
        };
    }

    /**
     * [1] INT u32 (4 bytes), [2] STRUCT val8 { u32 qsize; u32 fd; } (8 bytes): a key type and a
     * value type of either size the redirect maps take, so only the map type can refuse them;
     * [3] INT u64, [4] TYPEDEF u32k = u32, [5] STRUCT s4 { u32 qsize; } for wrong sizes and for
     * the key kinds an array checks.
     */
    private static Btf keyValueBtf() {
        BtfStrings.Builder names = new BtfStrings.Builder();
        BtfType u32 = new BtfType.IntType("u32", names.add("u32"), false, 4, 0, 0, 32);
        BtfType val8 = new BtfType.Struct("val8", names.add("val8"), false, 8, List.of(
                new BtfType.Member("qsize", names.add("qsize"), U32_ID, 0, 0),
                new BtfType.Member("fd", names.add("fd"), U32_ID, 32, 0)));
        BtfType u64 = new BtfType.IntType("u64", names.add("u64"), false, 8, 0, 0, 64);
        BtfType u32k = new BtfType.Typedef("u32k", names.add("u32k"), false, U32_ID);
        BtfType s4 = new BtfType.Struct("s4", names.add("s4"), false, 4, List.of(
                new BtfType.Member("qsize", names.add("qsize"), U32_ID, 0, 0)));
        return Btf.of(List.of(u32, val8, u64, u32k, s4), names.build(), ByteOrder.nativeOrder(), null);
    }

    private static int valueTypeId(String valueSize) {
        return valueSize.equals("4") ? U32_ID : VAL8_ID;
    }

    /** The probe's source, from the loader module's directory or the repository's. */
    private static Path probeSource() {
        Path p = Path.of("src/test/c/map_create_btf.c");
        return Files.exists(p) ? p : Path.of("loader").resolve(p);
    }

    /** "ok", "ok" and the bytes answered, or the errno; an empty answer is ENOENT. */
    private static String outcome(Supplier<Optional<Optional<byte[]>>> command) {
        try {
            Optional<Optional<byte[]>> answer = command.get();
            if (answer.isEmpty()) {
                return "ok";
            }
            return answer.get().map(b -> "ok " + HexFormat.ofDelimiter(" ").formatHex(b))
                    .orElse(Errno.ENOENT.name());
        } catch (KernelException e) {
            return e.errno().name();
        }
    }

    /** A script number with its $names resolved; {@code notSock} is the fd $notsock names. */
    private String num(String word, int notSock) {
        return switch (word) {
            case "$lo" -> "1";
            case "$nodev" -> Integer.toString(NO_SUCH_DEVICE);
            case "$badfd" -> Integer.toString(BAD_FD);
            case "$notsock" -> Integer.toString(notSock);
            case "$cpus" -> Integer.toString(cpus);
            case "$cpus1" -> Integer.toString(cpus + 1);
            default -> word;
        };
    }

    private byte[] u32s(String words, int notSock) {
        String[] w = words.split(",");
        int[] v = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            v[i] = (int) Long.parseLong(num(w[i], notSock));
        }
        return RedirectSupport.u32s(v);
    }

    /** Decimal bytes for bpftool's key and value arguments ($notsock is bpftool's stdin, fd 0). */
    private List<String> bytes(String words, int notSock) {
        List<String> out = new ArrayList<>();
        for (byte b : u32s(words, notSock)) {
            out.add(Integer.toString(b & 0xff));
        }
        return out;
    }

}
