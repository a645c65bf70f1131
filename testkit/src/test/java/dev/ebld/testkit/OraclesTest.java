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
        String old = System.getProperty("ebld.oracles.required");
        try {
            if (!"1".equals(System.getenv("EBLD_REQUIRE_ORACLES"))) {
                System.setProperty("ebld.oracles.required", "false");
                ConditionEvaluationResult r = Oracles.skipOrFail("t: x is not on PATH");
                assertThat(r.isDisabled()).isTrue();
                assertThat(r.getReason()).hasValue("oracle missing: t: x is not on PATH");
            }
            System.setProperty("ebld.oracles.required", "true");
            assertThatThrownBy(() -> Oracles.skipOrFail("t: x is not on PATH"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("oracle required but missing: t: x is not on PATH");
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
