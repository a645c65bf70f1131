package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.KernelException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The load stage that gives externs their values, after libbpf's
 * {@code bpf_object__resolve_externs}: kconfig values are written into the kconfig map's image
 * (LINUX_KERNEL_VERSION from the kernel; CONFIG_* from the options, then the kernel's config),
 * typed ksyms and kfuncs become ids in the target BTF, untyped ksyms addresses from kallsyms.
 * A strong extern with no value is an error; a weak one stays 0 (ksyms: absent from the map).
 */
public final class ExternResolver {

    /** @param ksyms BTF id (typed variable, kfunc) or address (untyped) of every found ksym */
    public record Result(byte[] kconfigImage, Map<String, Long> ksyms) {
    }

    private final ObjectContext ctx;
    private final Kernel kernel;
    private final Map<String, String> overrides;
    private final Supplier<Btf> target;

    public ExternResolver(ObjectContext ctx, Kernel kernel, Map<String, String> overrides,
            Supplier<Btf> target) {
        this.ctx = ctx;
        this.kernel = kernel;
        this.overrides = overrides;
        this.target = target;
    }

    public Result resolve(ExternCollector.Result externs) {
        byte[] image = new byte[externs.kconfigSize()];
        Map<String, Long> ksyms = new HashMap<>();
        Map<String, String> config = null;
        for (Extern e : externs.externs().values()) {
            if (e.kind() == Extern.Kind.KCONFIG) {
                if (config == null) {
                    config = config();
                }
                kconfig(e, config, image);
            } else if (e.kind() == Extern.Kind.KSYM) {
                ksym(e).ifPresent(v -> ksyms.put(e.name(), v));
            }
        }
        return new Result(image, ksyms);
    }

    private Map<String, String> config() {
        Map<String, String> m = new HashMap<>();
        try {
            m.putAll(kernel.kconfig());
        } catch (KernelException e) {
            // No config to read: only weak CONFIG_ externs (and options) can be satisfied.
        }
        m.putAll(overrides);
        return m;
    }

    private void kconfig(Extern e, Map<String, String> config, byte[] image) {
        String value;
        if (e.name().equals("LINUX_KERNEL_VERSION")) {
            value = Integer.toString(kernel.kernelVersion());
        } else {
            value = config.get(e.name());
        }
        if (value == null) {
            if (!e.weak()) {
                throw ctx.error(LoaderDiagnosticKind.UNRESOLVED_EXTERN, ExternCollector.KCONFIG_SEC, e.offset(), e.name(),
                        Errno.ESRCH, "extern (kcfg) '" + e.name() + "': value not found");
            }
            return;
        }
        new KconfigValue(ctx, e, ctx.order()).write(value, image);
    }

    private Optional<Long> ksym(Extern e) {
        Optional<Long> v;
        if (e.func() || e.typed()) {
            Btf btf = target.get();
            v = btf.find(e.name(), e.func() ? BtfKind.FUNC : BtfKind.VAR).map(Integer::longValue);
            if (v.isPresent() && !compatible(e, btf, v.get().intValue())) {
                if (!e.weak()) {
                    throw ctx.error(LoaderDiagnosticKind.BAD_EXTERN, ExternCollector.KSYMS_SEC, -1, e.name(), Errno.EINVAL,
                            "extern (" + (e.func() ? "func" : "var") + " ksym) '" + e.name()
                                    + "': incompatible with the kernel's [" + v.get() + "]");
                }
                // A weak ksym of another type counts as missing, as in libbpf.
                v = Optional.empty();
            }
        } else {
            OptionalLong a = kernel.kallsyms(e.name());
            v = a.isPresent() ? Optional.of(a.getAsLong()) : Optional.empty();
        }
        if (v.isEmpty() && !e.weak()) {
            String where = e.func() || e.typed() ? "kernel BTF" : "kallsyms";
            throw ctx.error(LoaderDiagnosticKind.UNRESOLVED_EXTERN, ExternCollector.KSYMS_SEC, -1, e.name(), Errno.ESRCH,
                    "extern (" + (e.func() ? "func ksym" : "var ksym") + ") '" + e.name()
                            + "': not found in " + where);
        }
        return v;
    }

    /**
     * libbpf's check before using a typed ksym or kfunc: the object's declared type (variable
     * type or function prototype) must be CO-RE compatible with the kernel's.
     */
    private boolean compatible(Extern e, Btf targ, int targId) {
        int targType = ((dev.ebld.btf.BtfType.Ref) targ.type(targId)).type();
        return CoreTypes.typesCompatible(ctx.btf().orElseThrow(), e.localType(), targ, targType);
    }

    /** Writes one kconfig value with libbpf's typing rules ({@code set_kcfg_value_*}). */
    static final class KconfigValue {
        private final ObjectContext ctx;
        private final Extern e;
        private final ByteOrder order;

        KconfigValue(ObjectContext ctx, Extern e, ByteOrder order) {
            this.ctx = ctx;
            this.e = e;
            this.order = order;
        }

        void write(String text, byte[] image) {
            String v = text.trim();
            if (v.equals("y") || v.equals("n") || v.equals("m")) {
                tristate(v.charAt(0), image);
            } else if (v.startsWith("\"")) {
                string(v, image);
            } else {
                number(v, image);
            }
        }

        private void tristate(char c, byte[] image) {
            long value = switch (e.kcfgType()) {
                case BOOL -> {
                    if (c == 'm') {
                        throw bad("value '" + c + "' implies tristate or char type");
                    }
                    yield c == 'y' ? 1 : 0;
                }
                case TRISTATE -> c == 'y' ? 1 : c == 'm' ? 2 : 0;
                case CHAR -> c;
                case INT, CHAR_ARRAY -> throw bad("value '" + c + "' implies bool, tristate or char type");
            };
            put(image, value);
        }

        private void string(String v, byte[] image) {
            if (e.kcfgType() != Extern.KcfgType.CHAR_ARRAY) {
                throw bad("value " + v + " implies char array type");
            }
            if (v.length() < 2 || !v.endsWith("\"")) {
                throw bad("invalid string config " + v);
            }
            byte[] s = v.substring(1, v.length() - 1).getBytes(StandardCharsets.UTF_8);
            // Truncated to fit with the NUL, as libbpf does (with a warning there).
            int n = Math.min(s.length, e.size() - 1);
            System.arraycopy(s, 0, image, e.offset(), n);
            image[e.offset() + n] = 0;
        }

        private void number(String v, byte[] image) {
            if (e.kcfgType() != Extern.KcfgType.INT && e.kcfgType() != Extern.KcfgType.CHAR) {
                throw bad("value " + v + " implies integer type");
            }
            long value;
            try {
                value = Long.decode(v);
            } catch (NumberFormatException ex) {
                throw bad("invalid value '" + v + "'");
            }
            int bits = 8 * e.size();
            boolean signed = BtfQueries.isSigned(ctx.btf().orElseThrow(), varType());
            boolean fits = bits == 64 || (signed
                    ? value >= -(1L << (bits - 1)) && value < 1L << (bits - 1)
                    : value >>> bits == 0);
            if (!fits) {
                throw bad("value " + v + " doesn't fit in " + e.size() + " bytes");
            }
            put(image, value);
        }

        private int varType() {
            return ((dev.ebld.btf.BtfType.Var) ctx.btf().orElseThrow().type(e.btfId())).type();
        }

        private void put(byte[] image, long value) {
            for (int i = 0; i < e.size(); i++) {
                int idx = order == ByteOrder.LITTLE_ENDIAN ? e.offset() + i : e.offset() + e.size() - 1 - i;
                image[idx] = (byte) (value >>> (8 * i));
            }
        }

        private RuntimeException bad(String message) {
            return ctx.error(LoaderDiagnosticKind.BAD_KCONFIG, ExternCollector.KCONFIG_SEC, e.offset(), e.name(),
                    Errno.EINVAL, "extern (kcfg) '" + e.name() + "': " + message);
        }
    }
}
