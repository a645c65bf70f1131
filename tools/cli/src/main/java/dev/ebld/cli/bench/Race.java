package dev.ebld.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times several contenders side by side: each warms up first, then {@code rounds} rounds run
 * every contender once, in turn. Interleaving spreads changes in machine load (other builds,
 * other benchmarks) over all contenders instead of penalising whichever ran during a busy spell.
 */
final class Race {
    private final Map<String, Timed> contenders = new LinkedHashMap<>();

    Race add(String label, Timed t) {
        contenders.put(label, t);
        return this;
    }

    Map<String, Samples> run(int rounds) throws Exception {
        for (Timed t : contenders.values()) {
            t.warmUp();
        }
        Map<String, long[]> times = new LinkedHashMap<>();
        contenders.keySet().forEach(k -> times.put(k, new long[rounds]));
        for (int i = 0; i < rounds; i++) {
            for (Map.Entry<String, Timed> e : contenders.entrySet()) {
                times.get(e.getKey())[i] = e.getValue().timeOnce();
            }
        }
        Map<String, Samples> out = new LinkedHashMap<>();
        times.forEach((k, v) -> out.put(k, new Samples(v)));
        return out;
    }
}
