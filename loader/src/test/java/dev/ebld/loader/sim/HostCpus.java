package dev.ebld.loader.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPUs of the machine the kernel tests run on, as the simulated kernel is told them. */
final class HostCpus {
    private static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");

    private HostCpus() {
    }

    /**
     * One more than the highest CPU /sys/devices/system/cpu/possible lists ("0-1" is 2,
     * "0,2-3" is 4): the kernel's nr_cpu_ids, the bound a cpumap key meets.
     *
     * @throws UncheckedIOException if the file cannot be read: a kernel test must not guess
     */
    static int possible() {
        String s;
        try {
            s = Files.readString(POSSIBLE).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POSSIBLE, e);
        }
        String last = s.substring(s.lastIndexOf(',') + 1);
        return Integer.parseInt(last.substring(last.lastIndexOf('-') + 1)) + 1;
    }
}
