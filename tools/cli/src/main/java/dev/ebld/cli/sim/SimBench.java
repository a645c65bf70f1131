package dev.ebld.cli.sim;

import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;
import dev.ebld.loader.AttachTarget;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.AttachType;
import dev.ebld.loader.kernel.ExtensionTargets;
import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.loader.kernel.LinkCreateAttr;
import dev.ebld.loader.kernel.LinkFd;
import dev.ebld.loader.kernel.LinkTarget;
import dev.ebld.loader.kernel.LinkUpdateAttr;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.sim.SimProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code ebld sim --bench}: the two measurements of seed 004's static-versus-dynamic argument,
 * in-process and warm, on the committed fixtures/obj/sim objects (fixtures/sim/build.sh).
 * (1) Adding a component to a live dispatcher: load its extension and link it over a placeholder,
 * against relinking the whole rootlet with every component, loading it and swapping it into the
 * device's XDP link. (2) The per-packet cost of the dispatcher with 1, 2 and 10 components, linked
 * statically and extended dynamically (BPF_PROG_TEST_RUN with repeat, the simulator's interpreter).
 */
final class SimBench {
    private static final int ATTACH_ROUNDS = 60;
    private static final int PACKETS = 100_000;
    private static final int ROUNDS = 5;
    private final Path fixtures;

    SimBench(Path fixtures) {
        this.fixtures = fixtures;
    }

    /** {@code --fixtures}, else the first {@code fixtures/obj/sim} above the working directory. */
    static Path fixtures(Path given) {
        if (given != null) {
            return given;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/obj/sim"))) {
                return dir.resolve("fixtures");
            }
        }
        throw new SimScriptException("fixtures/obj/sim not found; pass --fixtures DIR");
    }

    int run(PrintWriter out) throws IOException {
        try {
            attachTable(out);
            out.println();
            perPacketTable(out);
        } catch (LinkException e) {
            throw new SimScriptException(e.getMessage(), e);
        }
        return 0;
    }

    void attachTable(PrintWriter out) throws IOException, LinkException {
        double dynamic = median(this::dynamicAttach);
        double relink = median(this::staticRelink);
        out.println("Adding component 2 to a live 2-slot dispatcher (median of " + ATTACH_ROUNDS + ", warm):");
        out.println("| method                                        | time      |");
        out.println("|-----------------------------------------------+-----------|");
        out.printf("| dynamic: load comp1_ext, link over slot1      | %6.1f us |%n", dynamic / 1e3);
        out.printf("| static: relink rootlet+2 comps, load, update  | %6.1f us |%n", relink / 1e3);
    }

    private void perPacketTable(PrintWriter out) throws IOException, LinkException {
        byte[] pkt = Files.readAllBytes(fixtures.resolve("pkt/ipv4_tcp80.bin"));
        int[] sizes = {1, 2, 10};
        List<Dispatcher> linked = new ArrayList<>();
        List<Dispatcher> extended = new ArrayList<>();
        for (int n : sizes) {
            linked.add(Dispatcher.linked(this, n));
            extended.add(Dispatcher.extended(this, n));
        }
        long[][] best = new long[2][sizes.length];
        for (long[] row : best) {
            Arrays.fill(row, Long.MAX_VALUE);
        }
        for (int round = 0; round < ROUNDS + 1; round++) { // round 0 warms the JIT up
            for (int i = 0; i < sizes.length; i++) { // interleaved: all see the same machine load
                long s = linked.get(i).perPacket(pkt);
                long d = extended.get(i).perPacket(pkt);
                if (round > 0) {
                    best[0][i] = Math.min(best[0][i], s);
                    best[1][i] = Math.min(best[1][i], d);
                }
            }
        }
        out.println("Per-packet cost in the simulated kernel (ipv4_tcp80, " + PACKETS + " runs, best of "
                + ROUNDS + "):");
        out.println("| components | static link         | dynamic (freplace)  | overhead |");
        out.println("|------------+---------------------+---------------------+----------|");
        for (int i = 0; i < sizes.length; i++) {
            long s = best[0][i];
            long d = best[1][i];
            out.printf("| %10d | %5d ns %6.2f Mpps | %5d ns %6.2f Mpps | %5d ns |%n", sizes[i], s, 1e3 / s, d,
                    1e3 / d, d - s);
        }
    }

    /** A timed step that leaves the kernel as it found it. */
    private interface Step {
        long nanos() throws IOException, LinkException;
    }

    private double median(Step step) throws IOException, LinkException {
        for (int i = 0; i < ATTACH_ROUNDS; i++) { // warm-up
            step.nanos();
        }
        long[] t = new long[ATTACH_ROUNDS];
        for (int i = 0; i < ATTACH_ROUNDS; i++) {
            t[i] = step.nanos();
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    private long dynamicAttach() throws IOException {
        Dispatcher d = Dispatcher.extended(this, 2, 1);
        long start = System.nanoTime();
        Ext e = d.replace(this, 1);
        long took = System.nanoTime() - start;
        e.close(d.proc);
        return took;
    }

    private long staticRelink() throws IOException, LinkException {
        Dispatcher d = Dispatcher.linked(this, 2, 1);
        long start = System.nanoTime();
        LoadedObject next = load(d.proc, link(2, 2), LoadOptions.defaults());
        d.proc.linkUpdate(d.device, LinkUpdateAttr.to(next.program("rootlet").fd()));
        long took = System.nanoTime() - start;
        d.object.close();
        next.close();
        return took;
    }

    byte[] link(int slots, int components) throws IOException, LinkException {
        List<LinkInput> in = new ArrayList<>();
        in.add(LinkInput.of(obj("rootlet" + slots)));
        for (int k = 0; k < components; k++) {
            in.add(LinkInput.of(obj("comp" + k)));
        }
        return Linker.link(in, LinkOptions.defaults()).bytes();
    }

    Path obj(String name) {
        return fixtures.resolve("obj/sim/" + name + "-el.o");
    }

    static LoadedObject load(SimProcess p, byte[] object, LoadOptions options) {
        return BpfObject.open("dispatcher.o", object).load(p, options);
    }

    /** An extension's object and its link. */
    record Ext(LoadedObject object, LinkFd link) {
        void close(SimProcess p) {
            p.close(link);
            object.close();
        }
    }

    /** A rootlet on a device's XDP hook, in a fresh simulated kernel. */
    static final class Dispatcher {
        final SimKernel kernel = new SimKernel();
        final SimProcess proc = kernel.rootProcess();
        final LoadedObject object;
        final LinkFd device;
        final List<Ext> extensions = new ArrayList<>();

        private Dispatcher(byte[] object) {
            this.object = load(proc, object, LoadOptions.defaults());
            Ifindex eth0 = kernel.createDevice("eth0");
            this.device = proc.linkCreate(LinkCreateAttr.of(rootlet(),
                    new LinkTarget.Device(eth0, AttachType.XDP)));
        }

        ProgFd rootlet() {
            return object.program("rootlet").fd();
        }

        static Dispatcher linked(SimBench b, int slots) throws IOException, LinkException {
            return linked(b, slots, slots);
        }

        /** The rootlet with {@code slots} slots, linked with components 0 to {@code components - 1}. */
        static Dispatcher linked(SimBench b, int slots, int components) throws IOException, LinkException {
            return new Dispatcher(b.link(slots, components));
        }

        static Dispatcher extended(SimBench b, int slots) throws IOException {
            return extended(b, slots, slots);
        }

        /** The rootlet alone, its slots 0 to {@code components - 1} replaced by extensions. */
        static Dispatcher extended(SimBench b, int slots, int components) throws IOException {
            Dispatcher d = new Dispatcher(Files.readAllBytes(b.obj("rootlet" + slots)));
            for (int k = 0; k < components; k++) {
                d.extensions.add(d.replace(b, k));
            }
            return d;
        }

        Ext replace(SimBench b, int slot) throws IOException {
            String fn = "slot" + slot;
            BpfObject ext = BpfObject.open(b.obj("comp" + slot + "_ext"));
            LoadedObject lo = ext.load(proc, LoadOptions.defaults()
                    .withAttachTarget("comp_ext", new AttachTarget(rootlet(), fn)));
            LinkFd l = proc.linkCreate(LinkCreateAttr.of(lo.program("comp_ext").fd(),
                    new LinkTarget.Extension(rootlet(), ExtensionTargets.functionId(proc, rootlet(), fn))));
            return new Ext(lo, l);
        }

        long perPacket(byte[] pkt) {
            TestRunAttr many = new TestRunAttr(Optional.of(pkt), 0, Optional.empty(), 0, PACKETS, 0, 0);
            return proc.progTestRun(rootlet(), many).durationNs();
        }
    }
}
