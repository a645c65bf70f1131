package dev.ebld.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project rule, checked over every module's main sources (not just this module's): no switch
 * over an enum or sealed type may have a {@code default}, and no statement switch over an enum
 * may leave constants out. A failure lists every offending file:line at once.
 *
 * <p>Files being converted on another branch are listed with their current count in
 * {@code closed-family-pending.txt}; anything beyond that, or anywhere else, fails.
 */
class ClosedFamilyRuleTest {
    @Test
    void everySwitchOverAClosedFamilyBreaksWhenTheFamilyGrows() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources = ClosedFamilySwitches.mainSources(root);
        assertTrue(sources.size() > 100, "found only " + sources.size() + " main sources under " + root);
        List<ClosedFamilySwitches.Violation> all = ClosedFamilySwitches.check(root, sources);
        Map<String, Integer> pending = pending();
        Map<String, Long> perFile = all.stream()
                .collect(Collectors.groupingBy(ClosedFamilySwitches.Violation::file, Collectors.counting()));
        List<ClosedFamilySwitches.Violation> v = all.stream()
                .filter(x -> perFile.get(x.file()) > pending.getOrDefault(x.file(), 0))
                .toList();
        if (!all.isEmpty()) {
            System.err.println("pending (closed-family-pending.txt): " + ClosedFamilySwitches.report(all));
        }
        assertTrue(v.isEmpty(), () -> ClosedFamilySwitches.report(v));
    }

    private static Map<String, Integer> pending() throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (InputStream in = ClosedFamilyRuleTest.class.getResourceAsStream("/closed-family-pending.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.trim();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    String[] f = l.split("\\s+");
                    out.put(f[0], Integer.parseInt(f[1]));
                }
            }
        }
        return out;
    }

    /** The directory holding the root pom and this module (tests run in {@code testkit/}). */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("testkit/src"))) {
                return p;
            }
        }
        throw new AssertionError("no repository root above " + Path.of("").toAbsolutePath());
    }
}
