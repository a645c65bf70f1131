package dev.ebld.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ebld train-cache FIXTURES}: the launcher's training run. The JDK writes its class-data
 * cache (AOT cache or AppCDS archive) from one JVM run, so this command runs the everyday
 * commands in-process over the bundled fixtures: objdump with every flag, readelf, btf dump and
 * a link of each two-file link scenario, verify over the verifier corpus. Output is discarded. Hidden from help: it is plumbing.
 * (The launcher's separate cache for {@code ebld link} is trained by a plain link instead.)
 */
@Command(name = "train-cache", hidden = true, mixinStandardHelpOptions = true,
        description = "Run objdump, readelf, btf dump, link and verify over FIXTURES, discarding the output.")
final class TrainCacheCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FIXTURES", description = "The fixtures directory.")
    Path fixtures;

    @Override
    public Integer call() throws IOException {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        List<Path> objects = objects();
        for (Path o : objects) {
            String f = o.toString();
            Main.run(new String[] {"objdump", "-d", "-r", "-t", "-h", f}, sink, sink);
            Main.run(new String[] {"readelf", f}, sink, sink);
            if (f.endsWith("-el.o")) {
                Main.run(new String[] {"btf", "dump", f}, sink, sink);
            }
        }
        linkPairs(objects, sink);
        // verify: the verifier corpus touches the loader, simulated kernel and verifier classes.
        try (Stream<Path> s = Files.list(fixtures.resolve("obj/verifier"))) {
            for (Path o : s.filter(p -> p.toString().endsWith(".o")).sorted().collect(Collectors.toList())) {
                Main.run(new String[] {"verify", o.toString()}, sink, sink);
            }
        }
        return Main.OK;
    }

    private List<Path> objects() throws IOException {
        try (Stream<Path> s = Files.list(fixtures.resolve("obj"))) {
            return s.filter(p -> p.toString().endsWith(".o")).sorted().collect(Collectors.toList());
        }
    }

    /** Links every {@code X_a-el.o} with its {@code X_b-el.o} into a temporary file. */
    private static void linkPairs(List<Path> objects, PrintWriter sink) throws IOException {
        Path tmp = Files.createTempDirectory("ebld-train");
        try {
            for (Path a : objects) {
                String name = a.getFileName().toString();
                Path b = a.resolveSibling(name.replace("_a-el.o", "_b-el.o"));
                if (name.endsWith("_a-el.o") && Files.exists(b)) {
                    Path out = tmp.resolve(name);
                    Main.run(new String[] {"link", "-o", out.toString(), "--map", out + ".map",
                        a.toString(), b.toString()}, sink, sink);
                }
            }
        } finally {
            try (Stream<Path> s = Files.list(tmp)) {
                for (Path p : s.collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }
}
