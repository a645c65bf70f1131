package dev.ebld.cli;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A fresh pin directory under bpffs for one run in the real kernel, removed with everything in it
 * when closed. libbpf pins maps marked {@code LIBBPF_PIN_BY_NAME} under a pin root and reuses a
 * pin it finds there, so a run under the default root would leave pins behind and silently
 * continue from an earlier run's map contents; a directory of its own gives the run fresh maps
 * and takes its pins away after. Objects without such maps need no bpffs and get no directory.
 */
final class RunPins implements AutoCloseable {
    /** Where bpffs is mounted, as libbpf assumes. */
    static final Path BPFFS = Path.of("/sys/fs/bpf");
    /** The libbpf value of a map's {@code pinning} attribute that pins it by name. */
    private static final int LIBBPF_PIN_BY_NAME = 1;

    private final Path dir;

    private RunPins(Path dir) {
        this.dir = dir;
    }

    /** A new directory under {@code bpffs} when {@code object} pins a map by name, else none. */
    static RunPins forObject(BpfObject object, Path bpffs) throws IOException {
        boolean pins = object.maps().stream().anyMatch(m -> m.pinning() == LIBBPF_PIN_BY_NAME);
        return new RunPins(pins ? Files.createTempDirectory(bpffs, "ebld-run-") : null);
    }

    /** The directory, when the object needed one. */
    Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** {@code options} with this run's pin root, when there is one. */
    LoadOptions apply(LoadOptions options) {
        return dir == null ? options : options.withPinRoot(dir.toString());
    }

    /** Removes the directory and the pins in it (unlinking a pin drops the kernel's reference). */
    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing the run's pin directory " + dir, e);
        }
    }
}
