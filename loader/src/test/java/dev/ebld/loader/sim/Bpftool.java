package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.Errno;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bpftool as the kernel tests' way into the real kernel: commands run as a child process, and
 * its {@code -j} answers read back, errors as the {@link Errno} whose glibc strerror text they end
 * with.
 */
final class Bpftool {
    /** glibc's strerror texts for the errnos the map tests meet; ENOTSUPP has none. */
    private static final Map<String, Errno> STRERROR = Map.ofEntries(
            Map.entry("Operation not permitted", Errno.EPERM),
            Map.entry("No such file or directory", Errno.ENOENT),
            Map.entry("Argument list too long", Errno.E2BIG),
            Map.entry("Bad file descriptor", Errno.EBADF),
            Map.entry("Cannot allocate memory", Errno.ENOMEM),
            Map.entry("File exists", Errno.EEXIST),
            Map.entry("No such device", Errno.ENODEV),
            Map.entry("Invalid argument", Errno.EINVAL),
            Map.entry("Value too large for defined data type", Errno.EOVERFLOW),
            Map.entry("Socket operation on non-socket", Errno.ENOTSOCK),
            Map.entry("Operation not supported", Errno.EOPNOTSUPP),
            Map.entry("Unknown error 524", Errno.ENOTSUPP));
    private static final Pattern ERROR = Pattern.compile("\"error\":\"[^\"]*: ([^\"]+)\"");
    private static final Pattern BYTES = Pattern.compile("\"(value|next_key)\":\\[([^\\]]*)\\]");

    /** What a command printed and how it exited. */
    record Result(int exit, String out) {
        /** The errno a failed map command reports, read from its JSON error; empty on success. */
        Optional<Errno> errno() {
            if (exit == 0) {
                return Optional.empty();
            }
            if (out.strip().equals("null")) {
                return Optional.of(Errno.ENOENT); // lookup of a missing key prints null
            }
            Matcher m = ERROR.matcher(out);
            if (!m.find() || !STRERROR.containsKey(m.group(1))) {
                throw new AssertionError("bpftool failed without a known errno: " + out);
            }
            return Optional.of(STRERROR.get(m.group(1)));
        }

        /** The bytes of a lookup's value or getnext's next key, as "01 00 00 00". */
        String bytes() {
            Matcher m = BYTES.matcher(out);
            if (!m.find()) {
                throw new AssertionError("no value or next_key in: " + out);
            }
            return Arrays.stream(m.group(2).split(",")).map(s -> s.replace("\"", "").strip()
                    .substring(2)).reduce((a, b) -> a + " " + b).orElse("");
        }
    }

    private Bpftool() {
    }

    /** Runs bpftool with {@code args}; stdout and stderr together. */
    static Result call(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bpftool"));
        cmd.addAll(List.of(args));
        ChildProcess.Outcome o = ChildProcess.exec(cmd);
        return new Result(o.exit(), o.out());
    }
}
