package dev.ebld.loader.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebld.testkit.RequiresKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Re-asks this machine's kernel for the corpus verdicts and compares them with the goldens. */
@RequiresKernel
class KernelVerdictsTest {

    @Test
    void goldensMatchTheLiveKernel() throws Exception {
        Path fixtures = SafetyVerifierCorpusTest.fixtures();
        Path out = Files.createTempFile("kernel-verdicts", ".tsv");
        Process p = new ProcessBuilder("sh", fixtures.resolve("verifier-kernel.sh").toString(), out.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(System.out);
        assertEquals(0, p.waitFor(), "verifier-kernel.sh failed");
        assertEquals(Files.readString(fixtures.resolve("golden/verifier/kernel-verdicts.tsv")), Files.readString(out));
        Files.delete(out);
    }
}
