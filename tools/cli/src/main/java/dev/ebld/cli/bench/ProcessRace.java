package dev.ebld.cli.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several commands side by side: one untimed run of each first (the ebld launcher may build
 * or train its start-up cache then; caches get warm), then {@code runs} rounds in which every
 * command runs once, in turn. Interleaving spreads any change in machine load over all of them.
 */
final class ProcessRace {
    private final Map<String, List<String>> commands = new LinkedHashMap<>();

    ProcessRace add(String label, List<String> command) {
        commands.put(label, command);
        return this;
    }

    Map<String, Samples> run(int runs) throws IOException, InterruptedException {
        for (List<String> c : commands.values()) {
            Processes.timeOnce(c);
        }
        Map<String, long[]> times = new LinkedHashMap<>();
        commands.keySet().forEach(k -> times.put(k, new long[runs]));
        for (int i = 0; i < runs; i++) {
            for (Map.Entry<String, List<String>> e : commands.entrySet()) {
                times.get(e.getKey())[i] = Processes.timeOnce(e.getValue());
            }
        }
        Map<String, Samples> out = new LinkedHashMap<>();
        times.forEach((k, v) -> out.put(k, new Samples(v)));
        return out;
    }

    static List<String> command(String program, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(program);
        c.addAll(args);
        return c;
    }
}
