package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.loader.LinkableFunction;
import dev.ebld.loader.LoadOptions.LinkSource;
import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.ProgFd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The load stage that resolves extern functions the static linker left undefined
 * ({@link Extern.Kind#LINKED}), in this order (docs/design.md, "Dynamic calls"):
 * <ol>
 * <li>the other objects of the same load ({@code BpfObject.loadAll}), in the order given;</li>
 * <li>the loaded libraries and objects the caller names ({@code LoadOptions.withLibraries},
 *     {@code withLinkedObjects}), in the order named;</li>
 * <li>kernel symbols: a FUNC of the kernel's BTF (the call becomes a kfunc call);</li>
 * <li>loader-provided values (kconfig), which hold variables only, so never a function.</li>
 * </ol>
 * The first function of that name whose prototype is compatible with the extern's wins; a strong
 * extern found nowhere fails the load with every place searched. After this stage each linked
 * extern is a dynamic call target (an index into the load's fd array and a BTF id), a kfunc id,
 * or, weak and missing, nothing (a call with id 0, as libbpf leaves a missing weak kfunc).
 */
final class LinkedExterns {

    /** Where one extern resolved: a dynamic call's (fd array index, BTF id), or a kfunc id. */
    record Target(boolean dynamic, int fdIndex, int btfId) {
    }

    /** @param fdArray the program fds dynamic calls index, shared by every program of the object */
    record Result(Map<String, Target> targets, List<Fd> fdArray) {
        static final Result NONE = new Result(Map.of(), List.of());
    }

    private final ObjectContext ctx;
    private final List<LinkSource> sameLoad;
    private final List<LinkSource> named;
    private final Supplier<Btf> kernelBtf;

    LinkedExterns(ObjectContext ctx, List<LinkSource> sameLoad, List<LinkSource> named,
            Supplier<Btf> kernelBtf) {
        this.ctx = ctx;
        this.sameLoad = sameLoad;
        this.named = named;
        this.kernelBtf = kernelBtf;
    }

    Result resolve(Map<String, Extern> externs) {
        Map<String, Target> targets = new HashMap<>();
        List<Fd> fdArray = new ArrayList<>();
        for (Extern e : externs.values()) {
            if (e.kind() != Extern.Kind.LINKED) {
                continue;
            }
            Optional<LinkableFunction> f = find(e, sameLoad).or(() -> find(e, named));
            if (f.isPresent()) {
                ProgFd fd = f.get().program();
                int idx = fdArray.indexOf(fd);
                if (idx < 0) {
                    idx = fdArray.size();
                    fdArray.add(fd);
                }
                targets.put(e.name(), new Target(true, idx, f.get().btfId().value()));
                continue;
            }
            Optional<Integer> kfunc = kernelFunc(e);
            if (kfunc.isPresent()) {
                targets.put(e.name(), new Target(false, 0, kfunc.get()));
            } else if (!e.weak()) {
                throw notFound(e);
            }
        }
        return new Result(Map.copyOf(targets), List.copyOf(fdArray));
    }

    private Optional<LinkableFunction> find(Extern e, List<LinkSource> sources) {
        for (LinkSource s : sources) {
            for (LinkableFunction f : s.functions()) {
                if (f.name().equals(e.name()) && compatible(e, f)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /** The extern's prototype must be CO-RE compatible with the callee's, as libbpf checks kfuncs. */
    private boolean compatible(Extern e, LinkableFunction f) {
        BtfType t = f.btf().type(f.btfId().value());
        return t instanceof BtfType.Func fn && CoreTypes.typesCompatible(ctx.btf().orElseThrow(),
                e.localType(), f.btf(), fn.type());
    }

    private Optional<Integer> kernelFunc(Extern e) {
        Btf k;
        try {
            k = kernelBtf.get();
        } catch (RuntimeException ex) {
            return Optional.empty(); // no kernel BTF: no kernel symbol can match
        }
        return k.find(e.name(), BtfKind.FUNC).filter(id -> CoreTypes.typesCompatible(
                ctx.btf().orElseThrow(), e.localType(), k, ((BtfType.Func) k.type(id)).type()));
    }

    private RuntimeException notFound(Extern e) {
        String message = "extern function '" + e.name() + "' not found; searched, in order:"
                + " (1) objects of this load " + describe(e, sameLoad)
                + ", (2) loaded libraries and objects " + describe(e, named)
                + ", (3) kernel symbols (kernel BTF): no FUNC '" + e.name() + "' with a compatible prototype"
                + ", (4) loader-provided values (kconfig): they hold no functions";
        return ctx.error(LoaderDiagnosticKind.UNRESOLVED_EXTERN, null, -1, e.name(), Errno.ESRCH, message);
    }

    /** The sources searched, each marked where a function of that name had another prototype. */
    private String describe(Extern e, List<LinkSource> sources) {
        if (sources.isEmpty()) {
            return "[none]";
        }
        return sources.stream().map(s -> s.name() + (s.functions().stream().anyMatch(f -> f.name()
                .equals(e.name())) ? " (has '" + e.name() + "' with an incompatible prototype)" : ""))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
