package dev.ebld.loader.sim;

import static dev.ebld.loader.sim.MapSemanticsTest.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.MapFd;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.testkit.RequiresKernel;
import dev.ebld.testkit.RequiresTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * fixtures/obj/verifier/redirect_map_ok.o ({@code bpf_redirect_map(&dm, 0, 0)}) run by the real
 * kernel (bpftool) and by the simulated one: empty slot, slot naming lo (ifindex 1 in both),
 * and an update naming a device that does not exist.
 */
@RequiresKernel
@RequiresTool("bpftool")
class DevMapKernelTest {
    private static final int LO = 1;
    private static final int NO_SUCH_DEVICE = 0x7ff0;
    private static final byte[] FRAME = new byte[64];

    @Test
    void redirectMapAgreesWithTheRealKernel() throws Exception {
        Path obj = FixtureObjects.fixture("verifier/redirect_map_ok.o").toAbsolutePath();
        SimProcess root = new SimKernel().rootProcess();
        LoadedObject sim = FixtureObjects.load(root, obj, Optional.empty());
        ProgFd prog = FixtureObjects.prog(sim);
        MapFd dm = sim.map("dm").fd();
        Path dir = Files.createTempDirectory("ebld-devmap");
        String pin = "/sys/fs/bpf/ebld_devmap_" + ProcessHandle.current().pid();
        try {
            Files.write(dir.resolve("pkt.bin"), FRAME);
            Files.createDirectory(Path.of(pin));
            run("bpftool", "prog", "load", obj.toString(), pin + "/p", "type", "xdp", "pinmaps",
                    pin + "/maps");
            String kernelMiss = kernelRun(pin, dir);
            assertEquals(kernelMiss, simRun(root, prog), "empty slot: fallback action 0");
            run("bpftool", "map", "update", "pinned", pin + "/maps/dm", "key", "0", "0", "0", "0",
                    "value", Integer.toString(LO), "0", "0", "0");
            root.mapUpdate(dm, u32(0), u32(LO), UpdateMode.ANY);
            String kernelHit = kernelRun(pin, dir);
            assertEquals("4", kernelHit, "the kernel's test run answers XDP_REDIRECT");
            assertEquals(kernelHit, simRun(root, prog));
            assertNotEquals(0, exit("bpftool", "map", "update", "pinned", pin + "/maps/dm", "key",
                    "0", "0", "0", "0", "value", "0xf0", "0x7f", "0", "0"));
            assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> root.mapUpdate(dm,
                    u32(0), u32(NO_SUCH_DEVICE), UpdateMode.ANY)).errno());
        } finally {
            exit("rm", "-rf", pin);
            exit("rm", "-rf", dir.toString());
        }
    }

    private static String simRun(SimProcess root, ProgFd prog) {
        return Long.toString(root.progTestRun(prog, TestRunAttr.packet(FRAME)).retval());
    }

    private static String kernelRun(String pin, Path dir) throws Exception {
        String out = run("bpftool", "prog", "run", "pinned", pin + "/p", "data_in",
                dir.resolve("pkt.bin").toString());
        Matcher m = Pattern.compile("Return value: (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        return ChildProcess.outputOf(cmd);
    }

    private static int exit(String... cmd) throws IOException, InterruptedException {
        return ChildProcess.exec(List.of(cmd)).exit();
    }
}
