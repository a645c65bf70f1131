package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.sim.SimKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two objects' {@code static int helper(int)} linked into one {@code .text}: each program calls
 * its own, found by instruction offset as libbpf does, not by name. 101 and 202 are the real
 * kernel's values for this link (fixtures/scenarios.tsv, link_static).
 */
class SameNameStaticsTest {

    @Test
    void eachProgramCallsTheStaticFunctionAtItsCallsTarget() throws Exception {
        byte[] linked = Linker.link(List.of(LinkInput.of(Fixtures.obj("link_static_a-el.o")),
                LinkInput.of(Fixtures.obj("link_static_b-el.o"))), LinkOptions.defaults()).bytes();
        BpfObject o = BpfObject.open("link_static.o", linked);

        assertThat(o.subprograms()).containsOnlyKeys("helper@0x0", "helper@0x28");
        try (LoadedObject l = o.load(new SimKernel().rootProcess(), LoadOptions.defaults())) {
            byte[] pkt = new byte[64];
            assertThat(l.kernel().progTestRun(l.program("static_a").fd(), TestRunAttr.packet(pkt)).retval())
                    .isEqualTo(101);
            assertThat(l.kernel().progTestRun(l.program("static_b").fd(), TestRunAttr.packet(pkt)).retval())
                    .isEqualTo(202);
        }
    }
}
