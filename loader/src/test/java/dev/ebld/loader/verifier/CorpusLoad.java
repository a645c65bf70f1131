package dev.ebld.loader.verifier;

import dev.ebld.loader.BpfObject;
import dev.ebld.loader.LoadOptions;
import dev.ebld.loader.LoadedObject;
import dev.ebld.loader.LoaderException;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.sim.SimKernel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads a verifier-corpus object the way a user does ({@link BpfObject#open} then
 * {@link BpfObject#load} into a root process of a fresh {@link SimKernel}) with {@code verifier}
 * behind the kernel's verifier seam, and keeps every verdict that seam gave: the requests are the
 * ones the real loader and {@code BPF_PROG_LOAD} build, not a test's copy of them.
 *
 * @param verdicts the seam's answers in call order (a level-0 load the verifier refuses is asked
 *     again with a log, as libbpf does, so it has two)
 * @param refusal the loader's refusal, if the load failed (by the verifier, or before it)
 */
public record CorpusLoad(List<Verdict> verdicts, Optional<LoaderException> refusal) {

    public static CorpusLoad run(Path object, Verifier verifier, LogOptions log) throws IOException {
        List<Verdict> seen = new ArrayList<>();
        Verifier seam = request -> {
            Verdict v = verifier.verify(request);
            seen.add(v);
            return v;
        };
        BpfObject o = BpfObject.open(object);
        try (LoadedObject loaded = o.load(new SimKernel().verifier(seam).rootProcess(),
                LoadOptions.defaults().withLog(log))) {
            return new CorpusLoad(seen, Optional.empty());
        } catch (LoaderException e) {
            return new CorpusLoad(seen, Optional.of(e));
        }
    }

    /**
     * The verifier's verdict: its first answer when the kernel asked it; when the simulated
     * kernel refused before that (a map type it cannot create), the load's refusal. A program the
     * verifier accepts may still fail to load after it ({@link #refusal}), for a helper the
     * simulation cannot run.
     */
    public boolean accepted() {
        return verdicts.isEmpty() ? refusal.isEmpty() : verdicts.get(0).accepted();
    }

    /**
     * Why the verifier refused (its rejection message), or the loader's message when the kernel
     * refused before its verifier; empty when {@link #accepted}.
     */
    public String reason() {
        if (verdicts.isEmpty()) {
            return refusal.map(LoaderException::getMessage).orElse("");
        }
        return verdicts.get(0).rejection().map(Rejection::message).orElse("");
    }
}
