package dev.ebld.loader.linux;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What a loader reads about the running kernel, from where libbpf reads it: sysfs, procfs,
 * {@code /boot} and {@code uname}. The root directory is a parameter so tests can give a fake
 * tree; each fact is read on first use and kept, since none changes while the kernel runs.
 */
final class MachineFacts {
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private final Path root;
    private final String release;
    private Integer possibleCpus;
    private Btf vmlinux;
    private Map<String, Long> kallsyms;
    private Map<String, String> kconfig;

    /**
     * @param root {@code /} on a real machine
     * @param release the kernel release, as {@code uname -r} (e.g. {@code 6.18.44-fc-v1147})
     */
    MachineFacts(Path root, String release) {
        this.root = root;
        this.release = release;
    }

    /** The release of the running kernel: {@code /proc/sys/kernel/osrelease} is uname's release. */
    static String runningRelease(Path root) {
        try {
            return Files.readString(root.resolve("proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("kernel release (" + root + "proc/sys/kernel/osrelease)", e);
        }
    }

    /**
     * libbpf's {@code libbpf_num_possible_cpus}: the highest CPU number in
     * {@code /sys/devices/system/cpu/possible} ("0-3", "0,2-5") plus one, since per-CPU values
     * are indexed by CPU number, holes included.
     */
    synchronized int possibleCpus() {
        if (possibleCpus == null) {
            String mask = read("sys/devices/system/cpu/possible").strip();
            int highest = -1;
            for (String part : mask.split(",")) {
                String last = part.contains("-") ? part.substring(part.indexOf('-') + 1) : part;
                highest = Math.max(highest, Integer.parseInt(last.strip()));
            }
            possibleCpus = highest + 1;
        }
        return possibleCpus;
    }

    /**
     * libbpf's {@code get_kernel_version}: {@code KERNEL_VERSION(major, minor, patch)} of the
     * release, the patch level capped at 255 as the kernel's macro does since 4.9.256.
     */
    int kernelVersion() {
        return kernelVersion(release);
    }

    static int kernelVersion(String release) {
        Matcher m = RELEASE.matcher(release);
        if (!m.find()) {
            throw new IllegalStateException("kernel release '" + release + "' is not major.minor.patch");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return (Integer.parseInt(m.group(1)) << 16) + (Integer.parseInt(m.group(2)) << 8)
                + Math.min(patch, 255);
    }

    /** {@code /sys/kernel/btf/vmlinux}, read with the btf module's reader. */
    synchronized Btf vmlinuxBtf() {
        if (vmlinux == null) {
            Path p = root.resolve("sys/kernel/btf/vmlinux");
            try {
                vmlinux = BtfReader.read(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException("kernel BTF " + p, e);
            } catch (BtfFormatException e) {
                throw new IllegalStateException("kernel BTF " + p + ": " + e.getMessage(), e);
            }
        }
        return vmlinux;
    }

    /**
     * {@code /proc/kallsyms}: "address type name [module]" per line. The first address of a
     * name is kept (libbpf refuses a ksym whose name has two different addresses; a loader
     * that needs that check can make it from the file). Addresses read 0 without
     * CAP_SYSLOG, as in the kernel's kptr_restrict.
     */
    synchronized Map<String, Long> kallsyms() {
        if (kallsyms == null) {
            Map<String, Long> m = new HashMap<>();
            for (String line : read("proc/kallsyms").split("\n")) {
                String[] w = line.split("\\s+");
                if (w.length >= 3) {
                    m.putIfAbsent(w[2], Long.parseUnsignedLong(w[0], 16));
                }
            }
            kallsyms = Collections.unmodifiableMap(m);
        }
        return kallsyms;
    }

    /**
     * The kernel config where libbpf's {@code bpf_object__read_kconfig_file} looks: first
     * {@code /boot/config-<release>}, then {@code /proc/config.gz}. {@code CONFIG_X=value} lines
     * become entries with the value text as written; comments ("is not set") are absent keys.
     */
    synchronized Map<String, String> kconfig() {
        if (kconfig == null) {
            Path boot = root.resolve("boot/config-" + release);
            Path proc = root.resolve("proc/config.gz");
            try {
                if (Files.isReadable(boot)) {
                    kconfig = parseKconfig(Files.newInputStream(boot));
                } else if (Files.isReadable(proc)) {
                    kconfig = parseKconfig(new GZIPInputStream(Files.newInputStream(proc)));
                } else {
                    throw new UncheckedIOException(new IOException("no kernel config: neither "
                            + boot + " nor " + proc + " is readable"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("kernel config", e);
            }
        }
        return kconfig;
    }

    static Map<String, String> parseKconfig(InputStream in) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int eq = line.indexOf('=');
                if (line.startsWith("CONFIG_") && eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private String read(String relative) {
        Path p = root.resolve(relative);
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(p.toString(), e);
        }
    }
}
