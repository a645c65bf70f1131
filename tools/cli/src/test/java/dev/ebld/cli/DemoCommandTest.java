package dev.ebld.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    /**
     * The verdicts are the real kernel's for the same linked object (fixtures/scenarios.tsv,
     * dispatcher; main-state), packet by packet; the counters follow from them.
     */
    @Test
    void linksLoadsAndRunsTheCorpusWithTheKernelsVerdicts(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo.o");
        CliRun run = CliRun.of("demo", "-o", out.toString(), "--fixtures", CliRun.fixtures().toString());

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(out).exists();
        assertThat(run.out()).containsPattern("slot0: defined by .*dispatch_fw-el\\.o \\(overrides the weak"
                        + " placeholder in .*rootlet-el\\.o\\)")
                .containsPattern("slot1: defined by .*dispatch_lb-el\\.o");
        Map<String, String> kernel = Map.ofEntries(Map.entry("arp_request", "XDP_PASS (2)"),
                Map.entry("eth_only_ipv4", "XDP_DROP (1)"), Map.entry("ipv4_fragment", "XDP_DROP (1)"),
                Map.entry("ipv4_tcp23", "XDP_DROP (1)"), Map.entry("ipv4_tcp80", "XDP_PASS (2)"),
                Map.entry("ipv4_udp123", "XDP_PASS (2)"), Map.entry("ipv4_udp53_a", "XDP_TX (3)"),
                Map.entry("ipv4_udp53_b", "XDP_TX (3)"), Map.entry("ipv6_udp53", "XDP_PASS (2)"),
                Map.entry("vlan_ipv4_tcp23", "XDP_DROP (1)"), Map.entry("zero64", "XDP_PASS (2)"));
        kernel.forEach((pkt, verdict) -> assertThat(run.out())
                .containsPattern("(?m)^" + pkt + " +" + java.util.regex.Pattern.quote(verdict) + " "));
        // After all 11 packets: every one seen by the firewall, 4 dropped, 2 DNS packets balanced.
        assertThat(run.out()).containsPattern("(?m)^zero64 +XDP_PASS \\(2\\) +11 +4 +2 +\\[0 1 1 0\\]$");
    }

    @Test
    void missingFixturesIsBadInputNamingTheFile(@TempDir Path dir) {
        CliRun run = CliRun.of("demo", "-o", dir.resolve("x.o").toString(), "--fixtures", dir.toString());

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("rootlet-el.o");
        assertThat(Files.exists(dir.resolve("x.o"))).isFalse();
    }
}
