package dev.ebld.cli;

import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkMap;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linked;
import dev.ebld.linker.Linker;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedMap;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.sim.SimKernel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ebld demo}: the README's Quick start on the bundled fixtures, end to end. It links the
 * XDP rootlet (whose {@code slot0}/{@code slot1} are weak placeholder subprograms) with a
 * firewall component (slot0) and a load balancer (slot1), loads the linked object into the
 * simulated kernel (safety verifier included; with {@code --kernel linux}, this machine's
 * kernel), and runs the committed packet corpus through it, printing each packet's verdict and the
 * components' counters after it. Everything goes through the same library calls as
 * {@code ebld link} and {@code ebld run}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Link the bundled rootlet with a firewall and a load balancer, load the result"
                + " into the simulated kernel (or this machine's) and run the packet corpus through it.")
public final class DemoCommand implements Callable<Integer> {
    /** The dispatcher scenario of fixtures/scenarios.tsv, in link order. */
    static final List<String> INPUTS = List.of("rootlet-el.o", "dispatch_fw-el.o", "dispatch_lb-el.o");
    /** The XDP actions by number, as enum xdp_action. */
    private static final List<String> XDP_ACTIONS = List.of("XDP_ABORTED", "XDP_DROP", "XDP_PASS",
            "XDP_TX", "XDP_REDIRECT");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fixtures", paramLabel = "DIR",
            description = "The fixtures directory (default: the one next to this ebld build).")
    Path fixtures;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Where to write the linked object (default: a new temporary directory).")
    Path output;

    @Option(names = "--kernel", paramLabel = "NAME", defaultValue = "sim",
            description = "Where to load and run: sim (the simulated kernel) or linux (this machine's"
                    + " kernel, through bpf(2); needs Java 25+ and root or CAP_BPF).")
    RunCommand.KernelChoice kernel;

    @Override
    public Integer call() throws IOException, LinkException, BadInputException {
        Path dir = fixturesDir();
        List<LinkInput> inputs = new ArrayList<>();
        for (String name : INPUTS) {
            inputs.add(LinkInput.of(dir.resolve("obj").resolve(name)));
        }
        Path out = output != null ? output
                : Files.createTempDirectory("ebld-demo").resolve("dispatcher.o");
        Linked linked = Linker.link(inputs, LinkOptions.defaults());
        linked.write(out);

        PrintWriter w = spec.commandLine().getOut();
        w.println("$ ebld link -o " + out + " " + String.join(" ", INPUTS));
        printSlots(w, linked.map());
        w.println();
        w.println("$ ebld run " + out + " --prog rootlet --data-in PACKET" + switch (kernel) {
            case sim -> "   # for each packet of " + dir.resolve("pkt") + ", in one simulated kernel";
            case linux -> " --kernel linux   # for each packet of " + dir.resolve("pkt")
                    + ", in this machine's kernel";
        });
        List<Path> corpus = packets(dir.resolve("pkt"));
        BpfObject dispatcher = BpfObject.open(out);
        switch (kernel) {
            case sim -> {
                try (LoadedObject loaded = dispatcher.load(new SimKernel().rootProcess(), LoadOptions.defaults())) {
                    runCorpus(w, loaded, corpus);
                }
            }
            case linux -> {
                try (LinuxLoad real = LinuxLoad.open(dispatcher, LoadOptions.defaults())) {
                    runCorpus(w, real.loaded(), corpus);
                }
            }
        }
        w.flush();
        return Main.OK;
    }

    /** Who defines each slot now: the components' strong definitions win over the rootlet's weak ones. */
    private static void printSlots(PrintWriter w, LinkMap map) {
        for (LinkMap.SymbolEntry s : map.symbols()) {
            if (!s.name().startsWith("slot")) {
                continue;
            }
            w.printf("  %s: defined by %s%s%n", s.name(), s.winner() == null ? "nobody" : s.winner().file(),
                    s.losers().isEmpty() ? "" : " (overrides the weak placeholder in "
                            + s.losers().get(0).file() + ")");
        }
    }

    private static void runCorpus(PrintWriter w, LoadedObject loaded, List<Path> packets)
            throws IOException {
        w.printf("%-16s %-16s %7s %10s %7s  %s%n", "packet", "verdict", "fw_seen", "fw_dropped",
                "lb_sent", "lb_backend_hits");
        for (Path pkt : packets) {
            TestRunResult r = loaded.kernel().progTestRun(loaded.program("rootlet").fd(),
                    new TestRunAttr(Optional.of(Files.readAllBytes(pkt)), 0, Optional.empty(), 0, 0, 0, 0));
            String name = pkt.getFileName().toString().replaceFirst("\\.bin$", "");
            w.printf("%-16s %-16s %7d %10d %7d  %s%n", name, verdict(r.retval()),
                    loaded.global("fw_seen").getLong(), loaded.global("fw_dropped").getLong(),
                    loaded.global("lb_sent").getLong(), backendHits(loaded));
        }
    }

    static String verdict(long retval) {
        int v = (int) retval;
        return (v >= 0 && v < XDP_ACTIONS.size() ? XDP_ACTIONS.get(v) : "?") + " (" + v + ")";
    }

    /** The load balancer's per-backend array map, as {@code [a b c d]}. */
    private static String backendHits(LoadedObject loaded) {
        LoadedMap m = loaded.map("lb_backend_hits");
        ByteOrder order = loaded.object().byteOrder();
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < m.spec().maxEntries(); k++) {
            byte[] key = ByteBuffer.allocate(4).order(order).putInt(k).array();
            long v = loaded.kernel().mapLookup(m.fd(), key)
                    .map(b -> ByteBuffer.wrap(b).order(order).getLong()).orElse(0L);
            sb.append(k == 0 ? "" : " ").append(v);
        }
        return sb.append(']').toString();
    }

    private static List<Path> packets(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList();
        }
    }

    /**
     * The {@code --fixtures} option, else {@code fixtures/} of the source tree this CLI was built
     * in (the jar lives in {@code tools/cli/target}), else {@code ./fixtures}.
     */
    private Path fixturesDir() {
        if (fixtures != null) {
            return fixtures;
        }
        CodeSource source = DemoCommand.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                for (Path p = Path.of(source.getLocation().toURI()); p != null; p = p.getParent()) {
                    if (Files.isDirectory(p.resolve("fixtures/obj"))) {
                        return shortest(p.resolve("fixtures"));
                    }
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a file location (e.g. a nested jar): fall back to the working directory.
            }
        }
        return Path.of("fixtures");
    }

    /** {@code dir} relative to the working directory when it lies below it, for shorter output. */
    private static Path shortest(Path dir) {
        Path cwd = Path.of("").toAbsolutePath();
        return dir.startsWith(cwd) ? cwd.relativize(dir) : dir;
    }
}
