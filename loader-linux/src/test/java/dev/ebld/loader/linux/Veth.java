package dev.ebld.loader.linux;

import dev.ebld.loader.kernel.Ifindex;
import dev.ebld.testkit.Oracles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair of its own for a test's device hooks (XDP, tcx), so tests never touch a device
 * anyone else uses; deleted on close (deleting one end deletes both).
 */
final class Veth implements AutoCloseable {
    private final String name;

    /** Skips the test (as an oracle test, printed) where iproute2's {@code ip} is missing. */
    Veth() throws IOException, InterruptedException {
        Oracles.assumeTool("ip", "a veth pair for device hooks");
        this.name = "ebld" + UUID.randomUUID().toString().substring(0, 8);
        ip("link", "add", name, "type", "veth", "peer", "name", name + "p");
    }

    Ifindex ifindex() throws IOException {
        return new Ifindex(Integer.parseInt(Files.readString(Path.of("/sys/class/net", name, "ifindex")).strip()));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ip("link", "del", name);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
    }
}
