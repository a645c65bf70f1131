package dev.ebld.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.loader.verifier.SafetyVerifier;
import org.junit.jupiter.api.Test;

/**
 * Extern variables resolved at load (docs/design.md "Dynamic calls"): extvar_use's
 * {@code extern __u64 shared_hits} shares extvar_def's {@code .bss} global.
 */
class ExternVariableTest {
    private final Kernel proc = new SimKernel().verifier(new SafetyVerifier()).rootProcess();

    private void runOnce(LoadedObject o, String prog) {
        assertEquals(2, proc.progTestRun(o.program(prog).fd(), TestRunAttr.packet(new byte[64])).retval());
    }

    @Test
    void anExternVariableSharesTheNamedObjectsGlobal() {
        try (LoadedObject def = Fixtures.open("extvar_def-el.o").load(proc, LoadOptions.defaults());
                LoadedObject use = Fixtures.open("extvar_use-el.o").load(proc,
                        LoadOptions.defaults().withLinkedObjects(def))) {
            runOnce(def, "def_count");
            runOnce(use, "use_add");
            assertEquals(11, def.global("shared_hits").getLong());
        }
    }

    @Test
    void loadAllSharesTheVariableBetweenObjectsOfTheLoad() {
        try (LoadedGroup g = BpfObject.loadAll(proc, LoadOptions.defaults(),
                Fixtures.open("extvar_def-el.o"), Fixtures.open("extvar_use-el.o"))) {
            LoadedObject def = g.objects().get(0);
            runOnce(def, "def_count");
            runOnce(g.objects().get(1), "use_add");
            assertEquals(11, def.global("shared_hits").getLong());
        }
    }

    @Test
    void withNoObjectDefiningItAKernelVariableOfTheTargetBtfIsUsed() {
        // extvar_def's BTF as the "kernel" BTF: it has a VAR shared_hits of the same type.
        dev.ebld.btf.Btf target = Fixtures.open("extvar_def-el.o").btf().orElseThrow();
        int varId = target.find("shared_hits", dev.ebld.btf.BtfKind.VAR).orElseThrow();
        // The simulated kernel has no BTF_ID ld_imm64 yet: record the load instead.
        try (LoadedObject use = Fixtures.open("extvar_use-el.o").load(new RecordingKernel(),
                LoadOptions.defaults().withTargetBtf(target))) {
            dev.ebld.insn.LdImm64 ld = (dev.ebld.insn.LdImm64) use.program("use_add").attr().insns().get(0);
            assertEquals(dev.ebld.insn.PseudoSrc.BTF_ID, ld.src());
            assertEquals(varId, ld.imm());
        }
    }

    @Test
    void aMissingDefinitionListsEveryPlaceSearched() {
        LoaderException e = assertThrows(LoaderException.class,
                () -> Fixtures.open("extvar_use-el.o").load(proc, LoadOptions.defaults()));
        assertEquals(LoaderDiagnosticKind.UNRESOLVED_EXTERN, e.kind());
        assertTrue(e.getMessage().contains("extern variable 'shared_hits' not found; searched, in order:"
                + " (1) objects of this load [none], (2) loaded libraries and objects [none],"
                + " (3) kernel symbols (kernel BTF): no VAR 'shared_hits' of a compatible type,"
                + " (4) loader-provided values (kconfig)"), e.getMessage());
    }

    @Test
    void aDefinitionOfAnotherTypeIsRefused() {
        try (LoadedObject def = Fixtures.open("extvar_def-el.o").load(proc, LoadOptions.defaults())) {
            LoaderException e = assertThrows(LoaderException.class, () -> Fixtures.open("extvar_narrow-el.o")
                    .load(proc, LoadOptions.defaults().withLinkedObjects(def)));
            assertTrue(e.getMessage().contains(
                    "(2) loaded libraries and objects [extvar_def-el (has 'shared_hits' of an incompatible type)]"),
                    e.getMessage());
        }
    }
}
