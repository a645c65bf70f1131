package dev.ebld.cli.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.cli.sim.SimCommand.Placement;
import dev.ebld.cli.sim.SimCommand.ProgRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lines to commands, and the message of every way a line can be wrong. */
class SimParserTest {
    private final Path base = Path.of("/scripts");
    private final SimParser parser = new SimParser(base);

    private SimCommand parse(String line) {
        return parser.parse(line).orElseThrow();
    }

    @Test
    void commentsAndBlankLinesAreNoCommand() {
        assertEquals(Optional.empty(), parser.parse("   # just a comment"));
        assertEquals(Optional.empty(), parser.parse(""));
        assertEquals(new SimCommand.Device("eth0"), parse("device eth0   # the first one"));
    }

    @Test
    void loadDefaultsAndKeywords() {
        assertEquals(new SimCommand.Load(Path.of("/scripts/obj/x-el.o"), "x-el", List.of()),
                parse("load obj/x-el.o"));
        assertEquals(new SimCommand.Load(Path.of("/lib/x.o"), "fw", List.of("libflow", "more")),
                parse("load /lib/x.o as fw using libflow,more"));
    }

    @Test
    void replaceRunAndAttach() {
        assertEquals(new SimCommand.Replace(new ProgRef("r", "rootlet"), "slot0", Path.of("/obj/fw.o"), "fw_ext",
                "fw_ext"), parse("replace r/rootlet:slot0 with ../obj/fw.o:fw_ext"));
        assertEquals(new SimCommand.Run(new ProgRef("r", "p"), Optional.of(Path.of("/scripts/a.bin")), 5),
                parse("run r/p data a.bin repeat 5"));
        assertEquals(new SimCommand.Attach(new ProgRef("t", "a"), "eth0", SimCommand.Hook.TCX_INGRESS,
                new Placement(Placement.Position.BEFORE, Optional.of("l1"), Optional.empty()), 4,
                Optional.of("a")), parse("attach t/a eth0 tcx_ingress before link l1 revision 4"));
        assertEquals(new SimCommand.Attach(new ProgRef("t", "a"), "eth0", SimCommand.Hook.TCX_EGRESS,
                new Placement(Placement.Position.REPLACE, Optional.empty(), Optional.of(new ProgRef("t", "b"))),
                0, Optional.empty()), parse("attach t/a eth0 tcx_egress replace t/b nolink"));
        assertEquals(new SimCommand.MustFail(new SimCommand.Detach("l")), parse("must-fail detach l"));
        assertEquals(new SimCommand.DetachProg(new ProgRef("t", "a"), "eth0", SimCommand.Hook.XDP),
                parse("detach t/a eth0 xdp"));
    }

    @Test
    void mapUpdateKeepsItsWordsForTheSession() {
        assertEquals(new SimCommand.MapUpdate("steer", "steer_ports", List.of("0x0806"), List.of("eth1", "0")),
                parse("map update steer/steer_ports key 0x0806 value eth1,0"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "frobnicate x | unknown command 'frobnicate'",
        "load | expected an object file at end of line",
        "load a.o as | expected an object name at end of line",
        "load a.o extra | unexpected 'extra'",
        "replace r/p with f.o:x | expected NAME/PROG:FUNC, got 'r/p'",
        "replace r/p:f by f.o:x | expected 'with', got 'by'",
        "replace r/p:f with f.o | expected FILE:PROG, got 'f.o'",
        "run rootlet | expected NAME/PROG, got 'rootlet'",
        "run r/p repeat many | expected a number, got 'many'",
        "attach r/p eth0 xdq | expected one of xdp, tcx_ingress, tcx_egress, got 'xdq'",
        "attach r/p eth0 xdp before thing x | expected 'link' or 'prog' after before, got 'thing'",
        "show maps | expected one of progs, links, devices, got 'maps'",
        "process admin | expected root or unprivileged, got 'admin'",
        "open /sys/fs/bpf/x named l | expected 'as', got 'named'",
        "update l to r/p | expected 'with', got 'to'",
        "map delete m/x key 1 | expected 'update' after 'map', got 'delete'",
        "map update steer key 1 value 2 | expected NAME/MAP, got 'steer'",
        "map update steer/ key 1 value 2 | expected NAME/MAP, got 'steer/'",
        "map update s/m 1 value 2 | expected 'key', got '1'",
        "map update s/m key 1 | expected 'value' at end of line",
    })
    void malformedLinesSayWhatWasExpected(String line, String message) {
        assertEquals(message, assertThrows(SimScriptException.class, () -> parser.parse(line)).getMessage());
    }
}
