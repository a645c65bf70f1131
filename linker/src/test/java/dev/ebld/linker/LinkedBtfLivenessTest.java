package dev.ebld.linker;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linked BTF holds no dead types: over every link scenario of scenarios.tsv, in both byte
 * orders, each type of the output is referred to by another output type, or is a root: a
 * DATASEC, a FUNC, a type {@code .BTF.ext} names, or a type some input already defined with
 * nothing referring to it (kind and name match). Where libbpf's linker produced an output
 * ({@code golden/link/<scenario>.btf.txt}), ebld's has no more types than it.
 */
class LinkedBtfLivenessTest {

    static Stream<Object[]> linkedScenarios() {
        return Fixtures.scenarios("link").stream()
                .filter(s -> s.expect().equals("ok") || s.expect().startsWith("undefined"))
                .flatMap(s -> Stream.of(new Object[] {s, "el"}, new Object[] {s, "eb"}));
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("linkedScenarios")
    void everyTypeIsReachable(Fixtures.Scenario s, String endian) throws Exception {
        ElfObject out = Linker.link(s.linkInputs(endian), LinkOptions.defaults()).object();
        Set<String> inputTopLevel = new HashSet<>();
        for (LinkInput in : s.linkInputs(endian)) {
            if (in.path().toString().endsWith(".o")) {
                Btf b = BtfFiles.fromElf(ElfReader.read(Files.readAllBytes(in.path()), in.path().toString()), null);
                for (int id : unreferenced(b)) {
                    inputTopLevel.add(key(b.type(id)));
                }
            }
        }
        assertThat(deadTypes(out, inputTopLevel)).as("types no surviving type, DATASEC, FUNC or .BTF.ext names")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withLibbpfOutput")
    void noMoreTypesThanLibbpf(Fixtures.Scenario s) throws Exception {
        ElfObject out = Linker.link(s.linkInputs("el"), LinkOptions.defaults()).object();
        int ours = BtfFiles.fromElf(out, null).typeCount() - 1;
        assertThat(ours).as("ebld's type count vs bpftool gen object's").isLessThanOrEqualTo(libbpfTypeCount(s));
    }

    /**
     * The two shapes the invariant was written for: of two license copies only the kept one's
     * VAR and symbol remain (the first input's name), and a resolved extern's prototype is gone
     * unless something still uses it.
     */
    @Test
    void droppedLicenseCopyAndResolvedExternLeaveNoTypeBehind() throws Exception {
        for (String name : List.of("link_license", "link_license_rev", "rootlet_unnamed_a")) {
            Fixtures.Scenario s = Fixtures.scenarios().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow();
            ElfObject out = Linker.link(s.linkInputs("el"), LinkOptions.defaults()).object();
            Btf btf = BtfFiles.fromElf(out, null);
            String kept = name.equals("link_license_rev") ? "_license" : "LICENSE";
            assertThat(btf.types().stream().filter(t -> t.kind() == BtfKind.VAR).map(BtfType::name)).as(name)
                    .containsExactly(kept);
            // The other copy's symbol goes with it, as in libbpf: every global keeps a VAR or FUNC.
            assertThat(out.symbols().stream().filter(x -> x.type() == ElfSymbol.STT_OBJECT).map(ElfSymbol::name))
                    .as(name).containsExactly(kept);
            assertThat(btf.types().stream().filter(t -> t.kind() == BtfKind.FUNC_PROTO)).as(name)
                    .allMatch(p -> btf.types().stream().anyMatch(t -> contains(t.refs(), btf.types().indexOf(p) + 1)));
        }
    }

    static Stream<Fixtures.Scenario> withLibbpfOutput() {
        return Fixtures.scenarios("link").stream()
                .filter(s -> Files.exists(Fixtures.dir().resolve("golden/link/" + s.name() + ".btf.txt")));
    }

    /** Number of {@code [id]} lines in bpftool's dump of libbpf's linked object. */
    static int libbpfTypeCount(Fixtures.Scenario s) throws Exception {
        return (int) Files.readAllLines(Fixtures.dir().resolve("golden/link/" + s.name() + ".btf.txt")).stream()
                .filter(l -> l.startsWith("[")).count();
    }

    /** Output types that are not roots and that no other output type refers to, as {@code [id] KIND 'name'}. */
    static List<String> deadTypes(ElfObject out, Set<String> inputTopLevel) throws Exception {
        Btf btf = BtfFiles.fromElf(out, null);
        Set<Integer> roots = new HashSet<>();
        Optional<BtfExt> ext = BtfFiles.extFromElf(out, btf);
        if (ext.isPresent()) {
            ext.get().funcInfo().sections().forEach(x -> x.records().forEach(f -> roots.add(f.typeId())));
            ext.get().coreRelos().sections().forEach(x -> x.records().forEach(r -> roots.add(r.typeId())));
        }
        List<String> dead = new ArrayList<>();
        for (int id : unreferenced(btf)) {
            BtfType t = btf.type(id);
            boolean root = t.kind() == BtfKind.DATASEC || t.kind() == BtfKind.FUNC || roots.contains(id)
                    || inputTopLevel.contains(key(t));
            if (!root) {
                dead.add("[" + id + "] " + key(t));
            }
        }
        return dead;
    }

    /** Ids of the types no other type of {@code btf} refers to. */
    private static List<Integer> unreferenced(Btf btf) {
        boolean[] referenced = new boolean[btf.typeCount()];
        for (BtfType t : btf.types()) {
            for (int r : t.refs()) {
                referenced[r] = true;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int id = 1; id < btf.typeCount(); id++) {
            if (!referenced[id]) {
                out.add(id);
            }
        }
        return out;
    }

    private static String key(BtfType t) {
        return t.kind() + " '" + t.name() + "'";
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
