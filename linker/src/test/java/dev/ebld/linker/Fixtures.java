package dev.ebld.linker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds {@code fixtures/} and reads {@code scenarios.tsv}. */
public final class Fixtures {
    private Fixtures() {
    }

    /** One row of scenarios.tsv. {@code runs} maps program name to expected XDP return value. */
    public record Scenario(String name, String kind, List<String> inputs, String expect,
                           Map<String, Integer> runs, String verified) {
        /** Inputs in link order; {@code x.a} means {@code obj/x-<endian>.a}; ld's --whole-archive. */
        public List<LinkInput> linkInputs(String endian) {
            List<LinkInput> out = new ArrayList<>();
            boolean whole = false;
            for (String in : inputs) {
                if (in.equals("--whole-archive")) {
                    whole = true;
                } else if (in.equals("--no-whole-archive")) {
                    whole = false;
                } else if (in.endsWith(".a")) {
                    String base = in.substring(0, in.length() - 2);
                    out.add(new LinkInput(dir().resolve("obj").resolve(base + "-" + endian + ".a"), whole));
                } else {
                    out.add(new LinkInput(dir().resolve("obj").resolve(in + "-" + endian + ".o"), whole));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static Path dir() {
        String prop = System.getProperty("ebld.fixtures");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop);
        }
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("fixtures/obj"))) {
                return p.resolve("fixtures");
            }
            p = p.getParent();
        }
        throw new IllegalStateException("fixtures/ not found; set -Debld.fixtures");
    }

    public static Path obj(String name) {
        return dir().resolve("obj").resolve(name);
    }

    public static List<Scenario> scenarios() {
        try {
            List<Scenario> out = new ArrayList<>();
            for (String line : Files.readAllLines(dir().resolve("scenarios.tsv"))) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                Map<String, Integer> runs = new LinkedHashMap<>();
                if (!c[4].equals("-")) {
                    for (String kv : c[4].split(" ")) {
                        String[] p = kv.split("=");
                        runs.put(p[0], Integer.parseInt(p[1]));
                    }
                }
                out.add(new Scenario(c[0], c[1], Arrays.asList(c[2].split(" ")), c[3], runs,
                        c.length > 5 ? c[5] : ""));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scenarios of one kind ({@code single}, {@code link}, {@code negative}). */
    public static List<Scenario> scenarios(String kind) {
        return scenarios().stream().filter(s -> s.kind().equals(kind)).toList();
    }
}
