package dev.ebld.loader;

import dev.ebld.diag.Location;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.sim.Capability;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.verifier.SafetyVerifier;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Loads the programs of an object one at a time, each as if it were the only one autoloaded
 * (with the tail-call targets its object's prog_array initializers need, see {@link #slotTargets}),
 * and says for each whether the kernel took it: what {@code ebld verify} and the Maven
 * {@code ebld:verify} goal report. Loading a program alone gives its own verdict; a whole-object
 * load, like libbpf's, stops at the first refusal and closes the rest. Maps, BTF and relocations
 * are part of each load, so their failures are that program's refusal.
 */
public final class SoloLoad {
    private SoloLoad() {
    }

    /**
     * A process of a fresh simulated kernel with the {@link SafetyVerifier}: root, or, when
     * {@code unprivileged}, one without the capabilities that relax the verifier (CAP_PERFMON,
     * and CAP_SYS_ADMIN which implies it), so no pointer leaks and no uninitialised stack reads.
     * It keeps CAP_BPF and CAP_NET_ADMIN: without CAP_BPF only socket filters and cgroup skb
     * programs load at all (bpf_prog_load's rule), and this kernel's unprivileged_bpf_disabled=2
     * refuses even those. Tracing programs need CAP_PERFMON and are refused.
     */
    public static Kernel simulated(boolean unprivileged) {
        SimKernel k = new SimKernel().verifier(new SafetyVerifier());
        return unprivileged ? k.process(EnumSet.of(Capability.CAP_BPF, Capability.CAP_NET_ADMIN))
                : k.rootProcess();
    }

    /** Every program of {@code object}, in object order, each loaded into a fresh kernel. */
    public static List<ProgramVerdict> each(BpfObject object, Supplier<? extends Kernel> kernels,
            LogOptions log) {
        SourceLines lines = SourceLines.of(object);
        List<ProgramVerdict> out = new ArrayList<>();
        for (BpfProgram p : object.programs()) {
            out.add(load(object, p.name(), kernels.get(), LoadOptions.defaults().withLog(log), lines));
        }
        return out;
    }

    /**
     * Loads only {@code program} of {@code object} into {@code kernel}, and closes it again.
     *
     * @throws LoaderException ({@code not-found}) when the object has no such program
     */
    public static ProgramVerdict load(BpfObject object, String program, Kernel kernel, LogOptions log) {
        return load(object, program, kernel, LoadOptions.defaults().withLog(log));
    }

    /**
     * Loads only {@code program} of {@code object} into {@code kernel} with {@code base}'s log and
     * pin root (its autoload settings are replaced), and closes it again. A real kernel needs the
     * pin root: maps pinned by name would otherwise be pinned, and found again, under bpffs's
     * default root.
     *
     * @throws LoaderException ({@code not-found}) when the object has no such program
     */
    public static ProgramVerdict load(BpfObject object, String program, Kernel kernel, LoadOptions base) {
        if (object.program(program).isEmpty()) {
            throw new LoaderException(LoaderDiagnosticKind.NOT_FOUND, Location.file(object.file()),
                    Errno.ENOENT, "no program '" + program + "' in the object");
        }
        return load(object, program, kernel, base, SourceLines.of(object));
    }

    /**
     * The programs the object's prog_array initializers name: a load must include them to fill
     * those slots (libbpf and ebld's loader refuse an object whose slot names an unloaded
     * program), so they load beside the program under test. A refusal of one of them refuses
     * that program too, located in the target; the target's own line says the same.
     */
    private static Set<String> slotTargets(BpfObject object) {
        Set<String> out = new HashSet<>();
        for (BpfMap m : object.maps()) {
            if (m.type() == MapType.PROG_ARRAY) {
                out.addAll(m.initialSlots().values());
            }
        }
        return out;
    }

    private static ProgramVerdict load(BpfObject object, String program, Kernel kernel,
            LoadOptions base, SourceLines lines) {
        Set<String> load = new HashSet<>(slotTargets(object));
        load.add(program);
        LoadOptions options = base;
        for (BpfProgram q : object.programs()) {
            options = options.withAutoload(q.name(), load.contains(q.name()));
        }
        try (LoadedObject loaded = object.load(kernel, options)) {
            String accepted = loaded.program(program).log();
            return new ProgramVerdict(program, Optional.empty(), Optional.empty(), accepted);
        } catch (LoaderException e) {
            return new ProgramVerdict(program, Optional.of(e), lines.at(e.location()), e.log());
        }
    }
}
