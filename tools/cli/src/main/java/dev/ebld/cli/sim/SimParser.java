package dev.ebld.cli.sim;

import dev.ebld.cli.sim.SimCommand.Hook;
import dev.ebld.cli.sim.SimCommand.Placement;
import dev.ebld.cli.sim.SimCommand.ProgRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses one script line into a {@link SimCommand}. Words are separated by blanks; {@code #}
 * starts a comment. Keywords ({@code as}, {@code with}, {@code data}...) come in the order the
 * README gives; anything else is an error naming what was expected.
 */
public final class SimParser {
    private final Path base;

    /** @param base the directory relative paths resolve against (the script's) */
    public SimParser(Path base) {
        this.base = base;
    }

    /** The command on {@code line}, or empty for a blank or comment line. */
    public Optional<SimCommand> parse(String line) {
        int hash = line.indexOf('#');
        String text = (hash < 0 ? line : line.substring(0, hash)).trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(command(new Words(text.split("\\s+"))));
    }

    private SimCommand command(Words w) {
        String verb = w.next("a command");
        SimCommand c;
        switch (verb) {
            case "load": c = load(w); break;
            case "replace": c = replace(w); break;
            case "detach": c = detach(w); break;
            case "run": c = run(w); break;
            case "device": c = new SimCommand.Device(w.next("a device name")); break;
            case "attach": c = attach(w); break;
            case "update": c = update(w); break;
            case "pin": c = new SimCommand.Pin(w.next("a link or NAME/PROG"), w.next("a pin path")); break;
            case "unpin": c = new SimCommand.Unpin(w.next("a pin path")); break;
            case "open": c = new SimCommand.Open(w.next("a pin path"), w.keywordThen("as", "a link name")); break;
            case "close": c = new SimCommand.Close(w.next("an object or link name")); break;
            case "show": c = new SimCommand.Show(enumWord(SimCommand.Show.What.class, w.next("progs, links"
                    + " or devices"))); break;
            case "globals": c = new SimCommand.Globals(w.next("an object name")); break;
            case "map": c = map(w); break;
            case "inject": c = new SimCommand.Inject(w.next("a device name"), path(w.next("a packet file"))); break;
            case "process": c = process(w.next("root or unprivileged")); break;
            case "must-fail": return new SimCommand.MustFail(command(w));
            default: throw new SimScriptException("unknown command '" + verb + "'");
        }
        w.end();
        return c;
    }

    private SimCommand load(Words w) {
        Path file = path(w.next("an object file"));
        String name = baseName(file);
        if (w.optional("as")) {
            name = w.next("an object name");
        }
        List<String> using = List.of();
        if (w.optional("using")) {
            using = Arrays.asList(w.next("object names").split(","));
        }
        return new SimCommand.Load(file, name, using);
    }

    private SimCommand replace(Words w) {
        String target = w.next("NAME/PROG:FUNC");
        int colon = target.lastIndexOf(':');
        if (colon < 0) {
            throw new SimScriptException("expected NAME/PROG:FUNC, got '" + target + "'");
        }
        ProgRef prog = prog(target.substring(0, colon));
        String ext = w.keywordThen("with", "FILE:PROG");
        int c2 = ext.lastIndexOf(':');
        if (c2 < 0) {
            throw new SimScriptException("expected FILE:PROG, got '" + ext + "'");
        }
        String program = ext.substring(c2 + 1);
        String link = w.optional("as") ? w.next("a link name") : program;
        return new SimCommand.Replace(prog, target.substring(colon + 1), path(ext.substring(0, c2)),
                program, link);
    }

    private SimCommand detach(Words w) {
        String first = w.next("a link or NAME/PROG");
        if (!w.hasNext()) {
            return new SimCommand.Detach(first);
        }
        return new SimCommand.DetachProg(prog(first), w.next("a device name"), hook(w.next("a hook")));
    }

    private SimCommand run(Words w) {
        ProgRef prog = prog(w.next("NAME/PROG"));
        Optional<Path> data = w.optional("data") ? Optional.of(path(w.next("a data file"))) : Optional.empty();
        int repeat = w.optional("repeat") ? (int) number(w.next("a repeat count")) : 1;
        return new SimCommand.Run(prog, data, repeat);
    }

    private SimCommand map(Words w) {
        String verb = w.next("'update'");
        if (!verb.equals("update")) {
            throw new SimScriptException("expected 'update' after 'map', got '" + verb + "'");
        }
        String ref = w.next("NAME/MAP");
        int slash = ref.indexOf('/');
        if (slash <= 0 || slash == ref.length() - 1) {
            throw new SimScriptException("expected NAME/MAP, got '" + ref + "'");
        }
        List<String> key = Arrays.asList(w.keywordThen("key", "comma-separated words").split(","));
        List<String> value = Arrays.asList(w.keywordThen("value", "comma-separated words").split(","));
        return new SimCommand.MapUpdate(ref.substring(0, slash), ref.substring(slash + 1), key, value);
    }

    private SimCommand attach(Words w) {
        ProgRef prog = prog(w.next("NAME/PROG"));
        String device = w.next("a device name");
        Hook hook = hook(w.next("a hook (xdp, tcx_ingress, tcx_egress)"));
        Placement placement = placement(w);
        long revision = w.optional("revision") ? number(w.next("a revision")) : 0;
        Optional<String> link = Optional.of(prog.program());
        if (w.optional("as")) {
            link = Optional.of(w.next("a link name"));
        } else if (w.optional("nolink")) {
            link = Optional.empty();
        }
        return new SimCommand.Attach(prog, device, hook, placement, revision, link);
    }

    private Placement placement(Words w) {
        for (Placement.Position p : List.of(Placement.Position.FIRST, Placement.Position.LAST)) {
            if (w.optional(p.name().toLowerCase(Locale.ROOT))) {
                return new Placement(p, Optional.empty(), Optional.empty());
            }
        }
        if (w.optional("replace")) {
            return new Placement(Placement.Position.REPLACE, Optional.empty(),
                    Optional.of(prog(w.next("the NAME/PROG to replace"))));
        }
        for (Placement.Position p : List.of(Placement.Position.BEFORE, Placement.Position.AFTER)) {
            if (w.optional(p.name().toLowerCase(Locale.ROOT))) {
                String kind = w.next("link or prog");
                String ref = w.next("a link name or NAME/PROG");
                switch (kind) {
                    case "link": return new Placement(p, Optional.of(ref), Optional.empty());
                    case "prog": return new Placement(p, Optional.empty(), Optional.of(prog(ref)));
                    default: throw new SimScriptException("expected 'link' or 'prog' after "
                            + p.name().toLowerCase(Locale.ROOT) + ", got '" + kind + "'");
                }
            }
        }
        return Placement.APPEND;
    }

    private SimCommand update(Words w) {
        String link = w.next("a link name");
        ProgRef prog = prog(w.keywordThen("with", "NAME/PROG"));
        Optional<ProgRef> expected = w.optional("expect") ? Optional.of(prog(w.next("NAME/PROG")))
                : Optional.empty();
        return new SimCommand.Update(link, prog, expected);
    }

    private static SimCommand process(String who) {
        switch (who) {
            case "root": return new SimCommand.Process(true);
            case "unprivileged": return new SimCommand.Process(false);
            default: throw new SimScriptException("expected root or unprivileged, got '" + who + "'");
        }
    }

    static ProgRef prog(String word) {
        int slash = word.indexOf('/');
        if (slash <= 0 || slash == word.length() - 1) {
            throw new SimScriptException("expected NAME/PROG, got '" + word + "'");
        }
        return new ProgRef(word.substring(0, slash), word.substring(slash + 1));
    }

    private static Hook hook(String word) {
        return enumWord(Hook.class, word);
    }

    private static <E extends Enum<E>> E enumWord(Class<E> type, String word) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(word)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new SimScriptException("expected one of " + String.join(", ", names) + ", got '" + word + "'");
    }

    private static long number(String word) {
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new SimScriptException("expected a number, got '" + word + "'");
        }
    }

    private Path path(String word) {
        return base.resolve(word).normalize();
    }

    /** The object name a file gets by default: its base name without {@code .o}. */
    static String baseName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".o") ? n.substring(0, n.length() - 2) : n;
    }

    /** The words of a line, consumed left to right. */
    private static final class Words {
        private final String[] words;
        private int at;

        Words(String[] words) {
            this.words = words;
        }

        boolean hasNext() {
            return at < words.length;
        }

        String next(String what) {
            if (!hasNext()) {
                throw new SimScriptException("expected " + what + " at end of line");
            }
            return words[at++];
        }

        boolean optional(String keyword) {
            if (hasNext() && words[at].equals(keyword)) {
                at++;
                return true;
            }
            return false;
        }

        String keywordThen(String keyword, String what) {
            String w = next("'" + keyword + "'");
            if (!w.equals(keyword)) {
                throw new SimScriptException("expected '" + keyword + "', got '" + w + "'");
            }
            return next(what);
        }

        void end() {
            if (hasNext()) {
                throw new SimScriptException("unexpected '" + words[at] + "'");
            }
        }
    }
}
