package dev.ebld.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's pin directory, on a plain directory standing in for bpffs (no kernel needed). */
class RunPinsTest {
    @Test
    void anObjectPinningByNameGetsAFreshDirectoryRemovedWithItsPins(@TempDir Path bpffs) throws Exception {
        Path dir;
        try (RunPins pins = RunPins.forObject(BpfObject.open(CliRun.obj("maps_pinned-el.o")), bpffs)) {
            dir = pins.dir().orElseThrow();
            assertThat(dir.getParent()).isEqualTo(bpffs);
            assertThat(dir.getFileName().toString()).startsWith("ebld-run-");
            assertThat(pins.apply(LoadOptions.defaults()).pinRoot()).isEqualTo(dir.toString());
            Files.write(dir.resolve("shared_counts"), new byte[1]); // a pin, as the loader would leave it
        }
        assertThat(dir).doesNotExist();
        assertThat(bpffs).isEmptyDirectory();
    }

    @Test
    void anObjectWithoutPinsNeedsNoBpffs(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-bpffs-here");
        try (RunPins pins = RunPins.forObject(BpfObject.open(CliRun.obj("progs_multi-el.o")), missing)) {
            assertThat(pins.dir()).isEmpty();
            assertThat(pins.apply(LoadOptions.defaults())).isEqualTo(LoadOptions.defaults());
        }
        assertThat(missing).doesNotExist();
    }
}
