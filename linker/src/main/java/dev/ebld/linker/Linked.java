package dev.ebld.linker;

import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.elf.internal.AtomicFiles;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A successful link, in memory: the output object, what the linker did, the warnings and where
 * the time went. Nothing is on disk until {@link #write}.
 */
public final class Linked {
    private final List<LinkInput> inputs;
    private final ElfObject object;
    private final LinkMap map;
    private final List<Diagnostic> warnings;
    private final LinkStats stats;

    Linked(List<LinkInput> inputs, ElfObject object, LinkMap map, List<Diagnostic> warnings, LinkStats stats) {
        this.inputs = List.copyOf(inputs);
        this.object = object;
        this.map = map;
        this.warnings = List.copyOf(warnings);
        this.stats = stats;
    }

    /** The output object as a model. */
    public ElfObject object() {
        return object;
    }

    /** The output object's bytes, exactly as {@link #write} stores them; a fresh array each call. */
    public byte[] bytes() {
        return ElfWriter.write(object);
    }

    /** What the linker did (the {@code --map} model). */
    public LinkMap map() {
        return map;
    }

    /** Diagnostics that did not stop the link, in report order. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** Where the time of the link went, stage by stage (without writing). */
    public LinkStats stats() {
        return stats;
    }

    /**
     * Writes the object to {@code output} atomically: readers see the old file or the whole new
     * one, never a part.
     *
     * @return the stats of the link with a final {@code write} stage
     * @throws LinkException if {@code output} is one of the inputs (nothing is written)
     * @throws IOException   if the file cannot be written
     */
    public LinkStats write(Path output) throws LinkException, IOException {
        checkNotAnInput(output);
        long start = System.nanoTime();
        ElfWriter.write(object, output);
        List<LinkStats.Stage> stages = new ArrayList<>(stats.stages());
        stages.add(new LinkStats.Stage("write", System.nanoTime() - start));
        return new LinkStats(stages);
    }

    /** Writes the link map text ({@link LinkMap#format}) to {@code file}, atomically. */
    public void writeMap(Path file) throws LinkException, IOException {
        checkNotAnInput(file);
        AtomicFiles.write(file, map.format().getBytes(StandardCharsets.UTF_8));
    }

    private void checkNotAnInput(Path output) throws LinkException, IOException {
        Path out = output.toAbsolutePath().normalize();
        List<Diagnostic> errors = new ArrayList<>();
        for (LinkInput in : inputs) {
            Path p = in.path().toAbsolutePath().normalize();
            boolean same = p.equals(out) || Files.exists(p) && Files.exists(out) && Files.isSameFile(p, out);
            if (same) {
                errors.add(Diagnostic.error(LinkDiagnosticKind.OUTPUT_OVERWRITES_INPUT,
                        Location.file(in.path().toString()), "output " + output + " would overwrite this input"));
            }
        }
        if (!errors.isEmpty()) {
            throw new LinkException(errors);
        }
    }
}
