package dev.ebld.loader.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.loader.kernel.LogOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The differential test: every corpus program loaded by the real loader into a root process of
 * the simulated kernel with {@link SafetyVerifier} behind its verifier seam ({@link CorpusLoad}),
 * compared with the real kernel's verdict in
 * fixtures/golden/verifier/kernel-verdicts.tsv. Soundness is absolute: no program the kernel
 * refuses may be accepted. Agreement (same verdict, and for refusals the same key phrase) is
 * printed and held to a floor so it cannot silently regress.
 */
class SafetyVerifierCorpusTest {
    /**
     * Corpus programs the simulated kernel refuses before asking its verifier, with why: they
     * count as refusals here. The kernel accepts them; the safety verifier is not judged on them.
     */
    private static final Map<String, String> NOT_VERIFIED = Map.of();

    record Golden(String name, boolean accept, String message) {
    }

    static Path fixtures() {
        String prop = System.getProperty("ebld.fixtures");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "fixtures");
        return p.toAbsolutePath().normalize();
    }

    static List<Golden> goldens() throws Exception {
        List<Golden> out = new ArrayList<>();
        for (String line : Files.readAllLines(fixtures().resolve("golden/verifier/kernel-verdicts.tsv"))) {
            String[] f = line.split("\t", -1);
            out.add(new Golden(f[0], f[1].equals("accept"), f.length > 2 ? f[2] : ""));
        }
        return out;
    }

    /** The part of a message that identifies the rule: up to the first comma, digits kept. */
    static String keyPhrase(String m) {
        int comma = m.indexOf(',');
        return (comma < 0 ? m : m.substring(0, comma)).trim();
    }

    @Test
    void agreesWithTheKernelAndNeverAcceptsWhatItRefuses() throws Exception {
        List<Golden> gs = goldens();
        int sameVerdict = 0;
        int samePhrase = 0;
        List<String> unsound = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Map<String, String> notVerified = new TreeMap<>();
        for (Golden g : gs) {
            Path obj = fixtures().resolve("obj/verifier/" + g.name() + ".o");
            CorpusLoad v = CorpusLoad.run(obj, new SafetyVerifier(), LogOptions.level(1));
            String mine = v.reason();
            if (v.verdicts().isEmpty()) {
                notVerified.put(g.name(), mine.substring(mine.lastIndexOf(": ") + 2));
            }
            if (v.accepted() && v.refusal().isPresent()) {
                report.add("verified, not loaded " + g.name() + ": " + v.refusal().get().getMessage());
            }
            if (v.accepted() && !g.accept()) {
                unsound.add(g.name() + ": kernel says " + g.message());
            }
            if (v.accepted() == g.accept()) {
                sameVerdict++;
                if (g.accept() || g.message().contains(keyPhrase(mine)) || mine.contains(keyPhrase(g.message()))) {
                    samePhrase++;
                } else {
                    report.add("phrase " + g.name() + ": ebld '" + mine + "' kernel '" + g.message() + "'");
                }
            } else {
                report.add("verdict " + g.name() + ": ebld " + (v.accepted() ? "accept" : "reject '" + mine + "'")
                        + " kernel " + (g.accept() ? "accept" : "reject '" + g.message() + "'"));
            }
        }
        report.forEach(System.out::println);
        System.out.printf("verifier corpus: %d programs, same verdict %d, same verdict and key phrase %d%n",
                gs.size(), sameVerdict, samePhrase);
        assertEquals(List.of(), unsound, "accepted programs the kernel refuses");
        assertEquals(new TreeMap<>(NOT_VERIFIED), notVerified, "refused before the verifier");
        assertTrue(sameVerdict * 100 >= gs.size() * 85, "verdict agreement fell below 85%");
    }
}
