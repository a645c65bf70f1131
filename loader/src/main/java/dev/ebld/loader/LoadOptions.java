package dev.ebld.loader;

import dev.ebld.btf.Btf;
import dev.ebld.loader.kernel.LogOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load an object.
 *
 * @param autoload per-program overrides of the section's autoload (a '?' section is off)
 * @param kconfig {@code CONFIG_*} values that win over the kernel's own
 *     ({@code Kernel.kconfig()}), in {@code .config} syntax: {@code y}, {@code m}, {@code n},
 *     a number or a quoted string
 * @param targetBtf the BTF CO-RE relocations and typed ksyms are resolved against, instead of
 *     the kernel's {@code vmlinuxBtf()}
 * @param log the verifier log each program load asks for; with level 0 (the default) a refused
 *     program is loaded once more with a level-1 log, so the error still says why
 * @param pinRoot where maps with {@code pinning = LIBBPF_PIN_BY_NAME} are pinned and reused
 * @param attachTargets per program, the loaded program it attaches to (freplace needs one)
 * @param linked loaded libraries and objects whose global functions resolve the object's extern
 *     functions, searched in this order after the other objects of the same load (see
 *     docs/design.md "Dynamic calls")
 */
public record LoadOptions(Map<String, Boolean> autoload, Map<String, String> kconfig,
        Optional<Btf> targetBtf, LogOptions log, String pinRoot, Map<String, AttachTarget> attachTargets,
        List<LinkSource> linked) {

    /** A loaded library or object that extern functions and variables may resolve against, by name. */
    public record LinkSource(String name, List<LinkableFunction> functions, List<LinkableVariable> variables) {
        public LinkSource {
            Objects.requireNonNull(name, "name");
            functions = List.copyOf(functions);
            variables = List.copyOf(variables);
        }

        /** A source of functions only: extern variables find nothing in it. */
        public LinkSource(String name, List<LinkableFunction> functions) {
            this(name, functions, List.of());
        }
    }

    public static final String DEFAULT_PIN_ROOT = "/sys/fs/bpf";

    public LoadOptions {
        autoload = Map.copyOf(autoload);
        kconfig = Map.copyOf(kconfig);
        Objects.requireNonNull(targetBtf, "targetBtf");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(pinRoot, "pinRoot");
        attachTargets = Map.copyOf(attachTargets);
        linked = List.copyOf(linked);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(Map.of(), Map.of(), Optional.empty(), LogOptions.NONE, DEFAULT_PIN_ROOT,
                Map.of(), List.of());
    }

    public LoadOptions withAutoload(String program, boolean on) {
        Map<String, Boolean> m = new HashMap<>(autoload);
        m.put(program, on);
        return new LoadOptions(m, kconfig, targetBtf, log, pinRoot, attachTargets, linked);
    }

    public LoadOptions withKconfig(String name, String value) {
        Map<String, String> m = new HashMap<>(kconfig);
        m.put(name, value);
        return new LoadOptions(autoload, m, targetBtf, log, pinRoot, attachTargets, linked);
    }

    public LoadOptions withTargetBtf(Btf btf) {
        return new LoadOptions(autoload, kconfig, Optional.of(btf), log, pinRoot, attachTargets, linked);
    }

    public LoadOptions withLog(LogOptions newLog) {
        return new LoadOptions(autoload, kconfig, targetBtf, newLog, pinRoot, attachTargets, linked);
    }

    public LoadOptions withAttachTarget(String program, AttachTarget target) {
        Map<String, AttachTarget> m = new HashMap<>(attachTargets);
        m.put(program, target);
        return new LoadOptions(autoload, kconfig, targetBtf, log, pinRoot, m, linked);
    }

    /**
     * Resolves extern functions against these loaded libraries (after the objects of the same
     * load, before kernel symbols); each call becomes a dynamic call into the library.
     */
    public LoadOptions withLibraries(LoadedLibrary... libraries) {
        List<LinkSource> m = new ArrayList<>(linked);
        for (LoadedLibrary l : libraries) {
            m.add(new LinkSource(l.name(), l.functions(), l.variables()));
        }
        return new LoadOptions(autoload, kconfig, targetBtf, log, pinRoot, attachTargets, m);
    }

    /**
     * Resolves extern functions against the global functions of these loaded objects too, and
     * extern variables against their global variables (shared, not copied).
     */
    public LoadOptions withLinkedObjects(LoadedObject... objects) {
        List<LinkSource> m = new ArrayList<>(linked);
        for (LoadedObject o : objects) {
            m.add(new LinkSource(o.object().name(), o.linkableFunctions(), o.linkableVariables()));
        }
        return new LoadOptions(autoload, kconfig, targetBtf, log, pinRoot, attachTargets, m);
    }

    public LoadOptions withPinRoot(String root) {
        return new LoadOptions(autoload, kconfig, targetBtf, log, root, attachTargets, linked);
    }
}
