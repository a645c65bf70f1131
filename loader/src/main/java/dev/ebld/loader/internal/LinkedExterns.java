package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.compat.TypeCompatibility;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.loader.LinkableFunction;
import dev.ebld.loader.LinkableVariable;
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
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The load stage that resolves extern functions and variables the static linker left undefined
 * ({@link Extern.Kind#LINKED}), in this order (docs/design.md, "Dynamic calls"):
 * <ol>
 * <li>the other objects of the same load ({@code BpfObject.loadAll}), in the order given;</li>
 * <li>the loaded libraries and objects the caller names ({@code LoadOptions.withLibraries},
 *     {@code withLinkedObjects}), in the order named;</li>
 * <li>kernel symbols: a FUNC of the kernel's BTF (the call becomes a kfunc call); for a
 *     variable, a VAR of the kernel's BTF (typed) or a kallsyms address (untyped), as
 *     {@code .ksyms} externs resolve;</li>
 * <li>loader-provided values (kconfig), which hold variables only, so never a function; an
 *     extern variable takes one only when declared in {@code .kconfig} (not searched here).</li>
 * </ol>
 * An extern variable found in another object becomes a {@code BPF_PSEUDO_MAP_VALUE} of that
 * object's data map at the variable's offset, so both programs share it; its type must agree
 * with the definition's by the static linker's rule ({@link TypeCompatibility#externAgrees}).
 * The first function of that name whose prototype is compatible with the extern's wins; a strong
 * extern found nowhere fails the load with every place searched. After this stage each linked
 * extern is a dynamic call target (an index into the load's fd array and a BTF id), a kfunc id,
 * or, weak and missing, nothing (a call with id 0, as libbpf leaves a missing weak kfunc).
 */
final class LinkedExterns {

    /** Where one extern resolved: a dynamic call's (fd array index, BTF id), or a kfunc id. */
    record Target(boolean dynamic, int fdIndex, int btfId) {
    }

    /** Where one extern variable resolved: the ld_imm64 source and immediate that reach it. */
    record VarTarget(PseudoSrc src, long imm) {
    }

    /** @param fdArray the program fds dynamic calls index, shared by every program of the object */
    record Result(Map<String, Target> targets, List<Fd> fdArray, Map<String, VarTarget> variables) {
    }

    private final ObjectContext ctx;
    private final List<LinkSource> sameLoad;
    private final List<LinkSource> named;
    private final Supplier<Btf> kernelBtf;
    private final Function<String, OptionalLong> kallsyms;

    LinkedExterns(ObjectContext ctx, List<LinkSource> sameLoad, List<LinkSource> named,
            Supplier<Btf> kernelBtf, Function<String, OptionalLong> kallsyms) {
        this.ctx = ctx;
        this.sameLoad = sameLoad;
        this.named = named;
        this.kernelBtf = kernelBtf;
        this.kallsyms = kallsyms;
    }

    Result resolve(Map<String, Extern> externs) {
        Map<String, Target> targets = new HashMap<>();
        Map<String, VarTarget> variables = new HashMap<>();
        List<Fd> fdArray = new ArrayList<>();
        for (Extern e : externs.values()) {
            if (e.kind() != Extern.Kind.LINKED) {
                continue;
            }
            if (!e.func()) {
                variable(e).ifPresent(v -> variables.put(e.name(), v));
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
        return new Result(Map.copyOf(targets), List.copyOf(fdArray), Map.copyOf(variables));
    }

    /**
     * An extern variable: another object's global (its data map value plus offset), else a
     * kernel variable (typed: its BTF id; untyped: its kallsyms address); weak and missing, none.
     */
    private Optional<VarTarget> variable(Extern e) {
        Optional<LinkableVariable> v = findVar(e, sameLoad).or(() -> findVar(e, named));
        if (v.isPresent()) {
            long imm = v.get().map().value() & 0xffffffffL | (long) v.get().offset() << 32;
            return Optional.of(new VarTarget(PseudoSrc.MAP_VALUE, imm));
        }
        Optional<VarTarget> k = e.typed()
                ? kernelVar(e).map(id -> new VarTarget(PseudoSrc.BTF_ID, id))
                : address(e).map(a -> new VarTarget(PseudoSrc.IMM64, a));
        if (k.isEmpty() && !e.weak()) {
            throw notFound(e);
        }
        return k;
    }

    private Optional<LinkableVariable> findVar(Extern e, List<LinkSource> sources) {
        for (LinkSource s : sources) {
            for (LinkableVariable v : s.variables()) {
                if (v.name().equals(e.name()) && TypeCompatibility.externAgrees(ctx.btf().orElseThrow(),
                        e.btfId(), v.btf(), v.varId())) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Integer> kernelVar(Extern e) {
        return kernelBtf().flatMap(k -> k.find(e.name(), BtfKind.VAR).filter(id -> CoreTypes.typesCompatible(
                ctx.btf().orElseThrow(), e.localType(), k, ((BtfType.Var) k.type(id)).type())));
    }

    private Optional<Long> address(Extern e) {
        OptionalLong a = kallsyms.apply(e.name());
        return a.isPresent() ? Optional.of(a.getAsLong()) : Optional.empty();
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
        return kernelBtf().flatMap(k -> k.find(e.name(), BtfKind.FUNC).filter(id -> CoreTypes.typesCompatible(
                ctx.btf().orElseThrow(), e.localType(), k, ((BtfType.Func) k.type(id)).type())));
    }

    private Optional<Btf> kernelBtf() {
        try {
            return Optional.of(kernelBtf.get());
        } catch (RuntimeException ex) {
            return Optional.empty(); // no kernel BTF: no kernel symbol can match
        }
    }

    private RuntimeException notFound(Extern e) {
        String message = e.func()
                ? "extern function '" + e.name() + "' not found; searched, in order:"
                + " (1) objects of this load " + describe(e, sameLoad)
                + ", (2) loaded libraries and objects " + describe(e, named)
                + ", (3) kernel symbols (kernel BTF): no FUNC '" + e.name() + "' with a compatible prototype"
                + ", (4) loader-provided values (kconfig): they hold no functions"
                : "extern variable '" + e.name() + "' not found; searched, in order:"
                + " (1) objects of this load " + describe(e, sameLoad)
                + ", (2) loaded libraries and objects " + describe(e, named)
                + ", (3) kernel symbols " + (e.typed() ? "(kernel BTF): no VAR '" + e.name()
                        + "' of a compatible type" : "(kallsyms): no symbol '" + e.name() + "'")
                + ", (4) loader-provided values (kconfig): only .kconfig externs take them";
        return ctx.error(LoaderDiagnosticKind.UNRESOLVED_EXTERN, null, -1, e.name(), Errno.ESRCH, message);
    }

    /** The sources searched, each marked where a function of that name had another prototype. */
    private String describe(Extern e, List<LinkSource> sources) {
        if (sources.isEmpty()) {
            return "[none]";
        }
        return sources.stream().map(s -> s.name() + (e.func() && s.functions().stream().anyMatch(f -> f.name()
                .equals(e.name())) ? " (has '" + e.name() + "' with an incompatible prototype)"
                : !e.func() && s.variables().stream().anyMatch(v -> v.name().equals(e.name()))
                        ? " (has '" + e.name() + "' of an incompatible type)" : ""))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
