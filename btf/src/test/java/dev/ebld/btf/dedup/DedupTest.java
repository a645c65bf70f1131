package dev.ebld.btf.dedup;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfReader;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.btf.Fixtures;
import dev.ebld.testkit.RequiresKernelBtf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of Dedup over every fixture and the machine's vmlinux BTF. */
class DedupTest {

    static List<Path> objects() throws Exception {
        return Fixtures.objectsWithBtf();
    }

    /** Writes and re-reads: the reader checks every reference and rejects impossible cycles. */
    static Btf roundTrip(Btf btf) throws Exception {
        return BtfReader.read(BtfWriter.write(btf));
    }

    /** VARs, DATASECs and tags on VARs: what stays distinct per copy when an input is repeated. */
    static int storageTypes(Btf btf) {
        int n = 0;
        for (int id = 1; id < btf.typeCount(); id++) {
            n += isStorage(btf, id) ? 1 : 0;
        }
        return n;
    }

    static boolean isStorage(Btf btf, int id) {
        BtfType t = btf.type(id);
        if (t instanceof BtfType.DeclTag d) {
            return isStorage(btf, d.type());
        }
        return t.kind() == BtfKind.VAR || t.kind() == BtfKind.DATASEC;
    }

    @ParameterizedTest
    @MethodSource("objects")
    void dedupIsValidAndIdempotent(Path obj) throws Exception {
        Btf in = BtfFiles.read(obj);
        DedupResult once = Dedup.dedup(in);
        Btf out = roundTrip(once.btf());
        assertThat(out).isEqualTo(once.btf());
        assertThat(out.typeCount()).isLessThanOrEqualTo(in.typeCount());
        assertThat(Dedup.dedup(out).btf()).isEqualTo(out);
        for (int id = 0; id < in.typeCount(); id++) {
            assertThat(out.type(once.newId(id)).kind()).isEqualTo(in.type(id).kind());
            assertThat(out.type(once.newId(id)).name()).isEqualTo(in.type(id).name());
        }
    }

    /** Doubling an input merges every type back except VARs and DATASECs, which name storage. */
    @ParameterizedTest
    @MethodSource("objects")
    void doubledInputCollapses(Path obj) throws Exception {
        Btf in = BtfFiles.read(obj);
        Btf single = Dedup.dedup(in).btf();
        Concat.Result two = Concat.concat(List.of(in, in));
        DedupResult r = Dedup.dedup(two.merged());
        roundTrip(r.btf());
        assertThat(r.btf().typeCount()).isEqualTo(single.typeCount() + storageTypes(in));
        for (int id = 1; id < in.typeCount(); id++) {
            if (!isStorage(in, id)) {
                assertThat(r.newId(two.mergedId(1, id))).isEqualTo(r.newId(two.mergedId(0, id)));
            }
        }
        assertThat(r.btf().types().subList(0, single.types().size())).isEqualTo(single.types());
    }

    /** Also byte for byte what libbpf's btf__dedup makes of the same doubled vmlinux, when installed. */
    @Test
    @RequiresKernelBtf
    void vmlinuxDoubledCollapsesToItself() throws Exception {
        Btf vm = BtfFiles.read(Fixtures.VMLINUX);
        long t0 = System.nanoTime();
        DedupResult once = Dedup.dedup(vm);
        long t1 = System.nanoTime();
        Btf doubled = Concat.concat(List.of(vm, vm)).merged();
        DedupResult twice = Dedup.dedup(doubled);
        long t2 = System.nanoTime();
        System.out.printf("[dedup] vmlinux %d types -> %d in %d ms; x2 -> %d in %d ms%n", vm.types().size(),
                once.btf().types().size(), (t1 - t0) / 1_000_000, twice.btf().types().size(), (t2 - t1) / 1_000_000);
        assertThat(once.btf().typeCount()).isLessThanOrEqualTo(vm.typeCount());
        assertThat(twice.btf().typeCount()).isEqualTo(once.btf().typeCount() + storageTypes(vm));
        assertThat(Dedup.dedup(once.btf()).btf()).isEqualTo(once.btf());
        roundTrip(twice.btf());
        LibbpfDedup.assumeAvailable("vmlinux x2 byte for byte against libbpf");
        LibbpfDedup.Result libbpf = LibbpfDedup.dedup(BtfWriter.write(doubled), 1);
        assertThat(BtfWriter.write(twice.btf())).isEqualTo(libbpf.output());
    }
}
