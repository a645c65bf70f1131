package dev.ebld.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class OraclesTest {

    @RequiresTool("sh")
    @RequiresTool("no-such-ebld-oracle")
    void needsTwoTools() {
    }

    @RequiresTool("sh")
    void needsShell() {
    }

    @RequiresKernelBtf
    @RequiresTool("no-such-ebld-oracle")
    void needsKernelBtfAndATool() {
    }

    @Test
    void kernelBtfIsAnOracleOfItsOwn() throws Exception {
        var m = getClass().getDeclaredMethod("needsKernelBtfAndATool");
        boolean readable = java.nio.file.Files.isReadable(Oracles.KERNEL_BTF);
        assertThat(Oracles.kernelBtf().isEmpty()).isEqualTo(readable);
        assertThat(OracleCondition.missingOracles(m)).hasSize(readable ? 1 : 2)
                .last().isEqualTo("no-such-ebld-oracle is not on PATH");
        if (!readable) {
            assertThat(OracleCondition.missingOracles(m).get(0)).startsWith(Oracles.KERNEL_BTF + " is not readable");
        }
    }

    @Test
    void findsProgramsOnPathAndNotOthers() {
        assertThat(Oracles.tool("sh")).isPresent();
        assertThat(Oracles.tool("no-such-ebld-oracle")).isEmpty();
    }

    @Test
    void namesEveryMissingToolOfARepeatedAnnotation() throws Exception {
        var twoTools = getClass().getDeclaredMethod("needsTwoTools");
        var shell = getClass().getDeclaredMethod("needsShell");
        assertThat(OracleCondition.missingOracles(twoTools))
                .containsExactly("no-such-ebld-oracle is not on PATH");
        assertThat(OracleCondition.missingOracles(shell)).isEmpty();
    }

    @Test
    void missingOracleSkipsUnlessRequiredThenFails() {
        if (!"1".equals(System.getenv("EBLD_REQUIRE_ORACLES"))) {
            withRequired("false", () -> {
                ConditionEvaluationResult r = Oracles.skipOrFail("t: x is not on PATH");
                assertThat(r.isDisabled()).isTrue();
                assertThat(r.getReason()).hasValue("oracle missing: t: x is not on PATH");
            });
        }
        withRequired("true", () -> assertThatThrownBy(() -> Oracles.skipOrFail("t: x is not on PATH"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("oracle required but missing: t: x is not on PATH"));
    }

    @Test
    void anOracleNamedByTheTestIsGatedLikeTheOthers() {
        Oracles.assumeOracle(true, "t", "never printed"); // present: returns
        if (!"1".equals(System.getenv("EBLD_REQUIRE_ORACLES"))) {
            withRequired("false", () -> assertThatThrownBy(() -> Oracles.assumeOracle(false, "t", "libx.so.1 is not installed"))
                    .isInstanceOf(org.opentest4j.TestAbortedException.class)
                    .hasMessage("oracle missing: t: libx.so.1 is not installed"));
        }
        withRequired("true", () -> assertThatThrownBy(() -> Oracles.assumeOracle(false, "t", "libx.so.1 is not installed"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("oracle required but missing: t: libx.so.1 is not installed"));
    }

    /** Runs {@code body} with the system property {@code ebld.oracles.required} at {@code value}. */
    private static void withRequired(String value, Runnable body) {
        String old = System.getProperty("ebld.oracles.required");
        try {
            System.setProperty("ebld.oracles.required", value);
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty("ebld.oracles.required");
            } else {
                System.setProperty("ebld.oracles.required", old);
            }
        }
    }

    @Test
    void thisProcessCapabilitiesAreReadFromProc() {
        // As root (CI, this machine) CapEff has CAP_SYS_ADMIN; elsewhere it need not. Either way
        // the probe answers without throwing and agrees with kernel()'s first reason.
        boolean capable = Oracles.hasBpfCapability();
        if (!capable) {
            assertThat(Oracles.kernel()).isPresent();
        }
    }
}
