package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.testkit.RequiresKernel;
import dev.ebld.testkit.RequiresTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The same map commands on DEVMAP_HASH, CPUMAP and XSKMAP maps, given to the real kernel
 * (bpftool, maps pinned under /sys/fs/bpf) and to the simulated one, outcome by outcome: "ok",
 * the bytes a lookup or getnext answers, or the errno.
 *
 * <p>A script line is {@code op map args}: {@code create NAME TYPE KEY VALUE ENTRIES [FLAGS]},
 * {@code update NAME KEY V[,V] any|noexist|exist}, {@code lookup NAME KEY},
 * {@code delete NAME KEY}, {@code next NAME [KEY]}; numbers are u32s. {@code $lo} is ifindex 1
 * (lo in both), {@code $nodev} an ifindex no device has, {@code $badfd} an fd not open,
 * {@code $notsock} an open fd that is no socket (fd 0 in bpftool, the map's own fd in the
 * simulated process), {@code $cpus} the machine's possible CPU count (the simulated kernel is
 * given the same), {@code $cpus1} one more.
 */
@RequiresKernel
@RequiresTool("bpftool")
class XdpMapsKernelTest {
    private static final List<String> SCRIPT = List.of(
            "create dh_key8 devmap_hash 8 4 4",
            "create dh_v12 devmap_hash 4 12 4",
            "create dh_rdprog devmap_hash 4 4 4 128",
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
            "create cm_key8 cpumap 8 4 4",
            "create cm_v12 cpumap 4 12 4",
            "create cm_rdonly cpumap 4 4 4 8",
            "create cm_big cpumap 4 4 100000",
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
            "create xk xskmap 4 4 4",
            "update xk 9 $badfd any", "update xk 0 $badfd any", "update xk 0 $notsock any",
            "update xk 0 $notsock noexist",
            "lookup xk 0", "lookup xk 9",
            "delete xk 0", "delete xk 9",
            "next xk", "next xk 0", "next xk 3", "next xk 9");
    private static final int NO_SUCH_DEVICE = 0x7ff0;
    private static final int BAD_FD = 999;

    private final int cpus = possibleCpus();
    private final SimProcess sim = new SimKernel().possibleCpus(cpus).rootProcess();
    private final Map<String, MapFd> simMaps = new HashMap<>();
    private final String pins = "/sys/fs/bpf/ebld_xdpmaps_" + ProcessHandle.current().pid();

    @Test
    void mapCommandsAgreeWithTheRealKernel() throws Exception {
        assumeTrue(cpus + 1 <= MapRules.NR_CPUS, "a cpumap of possible CPUs + 1 entries must fit");
        List<String> kernel = new ArrayList<>();
        List<String> simulated = new ArrayList<>();
        Files.createDirectory(Path.of(pins));
        try {
            for (String line : SCRIPT) {
                kernel.add(line + " -> " + kernelDoes(line.split(" ")));
                simulated.add(line + " -> " + simDoes(line.split(" ")));
            }
        } finally {
            Bpftool.exec(List.of("rm", "-rf", pins));
        }
        assertEquals(String.join("\n", kernel), String.join("\n", simulated));
    }

    private String kernelDoes(String[] w) throws Exception {
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
                args.addAll(List.of(w[0].equals("next") ? "getnext" : w[0], "pinned", pin, "key"));
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

    /** The count /sys/devices/system/cpu/possible gives ("0-1" is 2). */
    private static int possibleCpus() {
        try {
            String s = Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip();
            String[] range = s.substring(s.lastIndexOf(',') + 1).split("-");
            return Integer.parseInt(range[range.length - 1]) + 1;
        } catch (java.io.IOException e) {
            return 1;
        }
    }
}
