package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ebld.elf.ElfReader;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.sim.SimProcess;
import dev.ebld.elf.Section;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mutants of {@link LoaderMutationCorpusTest} that once crashed the loader, the simulated
 * kernel or the verifier, each rebuilt from its fixture by the same edit, with the typed error
 * the fix gives it. Each test is named after the crash it guards against.
 */
class LoaderMutantRegressionTest {

    /** {@code fixture} with the 32-bit word at {@code offset} of section {@code section} set to {@code value}. */
    static byte[] patched(String fixture, String section, int offset, int value) throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.obj(fixture));
        var elf = ElfReader.read(b, fixture);
        Section s = elf.section(section).orElseThrow();
        ByteBuffer.wrap(b).order(elf.header().byteOrder()).putInt((int) s.fileOffset() + offset, value);
        return b;
    }

    /** The LoaderException {@code action} throws, after checking its kind, file and section. */
    private static LoaderException located(org.assertj.core.api.ThrowableAssert.ThrowingCallable action,
            LoaderDiagnosticKind kind, String file, String section) {
        LoaderException e = catchThrowableOfType(LoaderException.class, action);
        assertThat(e).as("a LoaderException").isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.location().file()).isEqualTo(file);
        assertThat(e.location().section()).isEqualTo(section);
        assertThat(e.getMessage()).startsWith(file + ":(" + section);
        return e;
    }

    /** ClassCastException in ExternBtfFixup: a .ksyms DATASEC entry that is a DATASEC. */
    @Test
    void ksymsEntryThatIsNeitherVarNorFuncIsABadExtern() throws Exception {
        byte[] mutant = patched("kconfig_ksym-el.o", ".BTF", 0x224, 0x1a);
        LoaderException e = located(() -> BpfObject.open("kconfig_ksym-el.o", mutant),
                LoaderDiagnosticKind.BAD_EXTERN, "kconfig_ksym-el.o", ".BTF");
        assertThat(e.getMessage()).contains("DATASEC .ksyms entry [26] is a DATASEC, not a VAR or FUNC");
    }

    /** OutOfMemoryError in the simulated kernel's DevMap: a devmap of 0x7fffffff slots. */
    @Test
    void hugeDevmapIsEnomemAtMapCreate() throws Exception {
        byte[] mutant = patched("verifier/redirect_map_ok.o", ".BTF", 0x7c, 0x7fffffff);
        BpfObject o = BpfObject.open("redirect_map_ok.o", mutant);
        LoaderException e = located(() -> o.load(new SimKernel().rootProcess(), LoadOptions.defaults()),
                LoaderDiagnosticKind.MAP_CREATE, "redirect_map_ok.o", ".maps");
        assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
        assertThat(e.getMessage()).contains("max_entries 2147483647 is more devmap slots");
    }

    /**
     * Hang in the verifier (each may_goto visit scanned every earlier iteration's state):
     * may_goto-el.o's loop bound 1001 raised to 2^31. The kernel (6.18) refuses it with E2BIG,
     * "BPF program is too large. Processed 1000001 insn", max_states_per_insn 65.
     */
    @Test
    @Timeout(30)
    void mayGotoLoopWithHugeBoundIsTooLarge() throws Exception {
        byte[] mutant = patched("may_goto-el.o", "xdp", 0x2c, 0x80000000);
        BpfObject o = BpfObject.open("may_goto-el.o", mutant);
        LoaderException e = located(() -> o.load(new SimKernel().rootProcess(), LoadOptions.defaults()),
                LoaderDiagnosticKind.PROG_LOAD, "may_goto-el.o", "xdp");
        assertThat(e.errno()).isEqualTo(Errno.E2BIG);
        assertThat(e.log()).contains("BPF program is too large. Processed 1000001 insn");
    }

    /**
     * pkt_meta_bad.o with its load at xdp+0x28 given off -1, so it reads data_meta + 3 after
     * checking {@code data_meta + 4 <= data}. The kernel accepts that; with no metadata the
     * check fails at run time and the program returns 0. The mutant once made the simulator
     * fault (OUT_OF_BOUNDS): its metadata was a region of its own, which compared below the
     * packet, so the check passed. Metadata and packet are one region now
     * ({@code XdpMetadataTest} covers metadata that is present).
     */
    @Test
    void metadataBoundsCheckFailsWithoutMetadata() throws Exception {
        byte[] mutant = Files.readAllBytes(Fixtures.obj("verifier/pkt_meta_bad.o"));
        var elf = ElfReader.read(mutant, "pkt_meta_bad.o");
        int at = (int) elf.section("xdp").orElseThrow().fileOffset() + 0x28 + 2;
        ByteBuffer.wrap(mutant).order(elf.header().byteOrder()).putShort(at, (short) -1);
        SimProcess kernel = new SimKernel().rootProcess();
        try (LoadedObject o = BpfObject.open("pkt_meta_bad.o", mutant).load(kernel, LoadOptions.defaults())) {
            TestRunResult r = kernel.progTestRun(o.program("prog").fd(), TestRunAttr.packet(new byte[64]));
            assertThat(r.retval()).isZero();
        }
    }
}
