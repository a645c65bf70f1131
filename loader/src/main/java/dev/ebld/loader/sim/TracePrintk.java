package dev.ebld.loader.sim;

import dev.ebld.loader.interp.AddressSpace;
import dev.ebld.loader.interp.RunFault;
import java.nio.charset.StandardCharsets;

/**
 * bpf_trace_printk(fmt, fmt_size, a, b, c): the kernel's small printf. Conversions {@code %d %i
 * %u %x %X %c %s %p} with the {@code l}/{@code ll} length modifiers and {@code %%}, at most three
 * arguments, as bpf_trace_printk allows; an unknown conversion prints as written.
 */
final class TracePrintk {
    private TracePrintk() {
    }

    static String format(AddressSpace mem, long[] r, int pc) {
        long size = r[2];
        if (size <= 0 || size > 4096) {
            throw new RunFault(RunFault.Kind.BAD_HELPER, pc, "bpf_trace_printk: fmt_size " + size);
        }
        byte[] raw = mem.read(r[1], (int) size, pc);
        int nul = 0;
        while (nul < raw.length && raw[nul] != 0) {
            nul++;
        }
        String fmt = new String(raw, 0, nul, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        int arg = 3;
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (ch != '%' || i + 1 == fmt.length()) {
                out.append(ch);
                continue;
            }
            int j = i + 1;
            int longs = 0;
            while (j < fmt.length() && fmt.charAt(j) == 'l') {
                longs++;
                j++;
            }
            char conv = j < fmt.length() ? fmt.charAt(j) : '%';
            if (conv == '%') {
                out.append('%');
            } else if (arg > 5) {
                out.append(fmt, i, j + 1);
            } else {
                out.append(convert(mem, conv, longs, r[arg++], pc, fmt.substring(i, j + 1)));
            }
            i = j;
        }
        return out.toString();
    }

    private static String convert(AddressSpace mem, char conv, int longs, long v, int pc,
            String spec) {
        long x = longs == 0 ? (conv == 'd' || conv == 'i' ? (int) v : v & 0xffff_ffffL) : v;
        switch (conv) {
            case 'd': case 'i': return Long.toString(x);
            case 'u': return Long.toUnsignedString(x);
            case 'x': return Long.toHexString(x);
            case 'X': return Long.toHexString(x).toUpperCase(java.util.Locale.ROOT);
            case 'p': return "0x" + Long.toHexString(v);
            case 'c': return String.valueOf((char) (v & 0xff));
            case 's': return cString(mem, v, pc);
            default: return spec;
        }
    }

    private static String cString(AddressSpace mem, long p, int pc) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1024; i++) {
            long b = mem.load(p + i, 1, pc);
            if (b == 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
