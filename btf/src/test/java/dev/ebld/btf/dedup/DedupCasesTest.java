package dev.ebld.btf.dedup;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfExtReader;
import dev.ebld.btf.BtfExtWriter;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.Fixtures;
import dev.ebld.btf.TestBtf;
import dev.ebld.btf.c.Spelling;
import dev.ebld.btf.dump.RawDump;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cases the dedup essay promises, on small hand-built inputs. */
class DedupCasesTest {

    private static List<String> dump(Btf btf) {
        return List.of(RawDump.text(btf).split("\n"));
    }

    /** {@code struct s { struct t *p; int x; }} where t is full in one input and forward-declared in the other. */
    @Test
    void structsDifferingOnlyByAForwardDeclarationMerge() {
        TestBtf b = new TestBtf();
        int i1 = b.intType("int", 4, true);
        int t1 = b.struct("t", 4, "v", i1, 0);
        int s1 = b.struct("s", 16, "p", b.ptr(t1), 0, "x", i1, 64);
        int i2 = b.intType("int", 4, true);
        int t2 = b.fwd("t", false);
        int s2 = b.struct("s", 16, "p", b.ptr(t2), 0, "x", i2, 64);
        DedupResult r = Dedup.dedup(b.build());
        assertThat(r.btf().types()).hasSize(4);
        assertThat(r.newId(s2)).isEqualTo(r.newId(s1));
        assertThat(r.newId(t2)).isEqualTo(r.newId(t1));
        assertThat(r.btf().type(r.newId(t2)).kind()).isEqualTo(BtfKind.STRUCT);
    }

    @Test
    void forwardDeclarationOfTheWrongKindStaysApart() {
        TestBtf b = new TestBtf();
        int i1 = b.intType("int", 4, true);
        int s1 = b.struct("s", 8, "p", b.ptr(b.struct("t", 4, "v", i1, 0)), 0);
        int s2 = b.struct("s", 8, "p", b.ptr(b.fwd("t", true)), 0);
        DedupResult r = Dedup.dedup(b.build());
        assertThat(r.newId(s2)).isNotEqualTo(r.newId(s1));
    }

    @Test
    void selfReferentialStructsMerge() {
        TestBtf b = new TestBtf();
        int[] lists = new int[2];
        for (int k = 0; k < 2; k++) {
            int i = b.intType("int", 4, true);
            // struct list { struct list *next; int v; }: the pointer refers forward to the struct.
            int ptr = b.ptr(b.types() + 2);
            lists[k] = b.struct("list", 16, "next", ptr, 0, "v", i, 64);
        }
        DedupResult r = Dedup.dedup(b.build());
        assertThat(r.btf().types()).hasSize(3);
        assertThat(r.newId(lists[1])).isEqualTo(r.newId(lists[0]));
    }

    @Test
    void leftoverForwardDeclarationResolvesToTheOnlyStructOfItsName() {
        TestBtf b = new TestBtf();
        int fwd = b.fwd("foo", false);
        int g = b.var("g", b.ptr(fwd), BtfType.Var.GLOBAL);
        int foo = b.struct("foo", 4, "u", b.intType("int", 4, true), 0);
        DedupResult r = Dedup.dedup(b.build());
        assertThat(r.newId(fwd)).isEqualTo(r.newId(foo));
        assertThat(dump(r.btf())).doesNotContain("[1] FWD 'foo' fwd_kind=struct");
        assertThat(r.btf().type(r.newId(g))).isInstanceOf(BtfType.Var.class);
    }

    @Test
    void ambiguousForwardDeclarationStays() {
        TestBtf b = new TestBtf();
        int fwd = b.fwd("foo", false);
        b.var("g", b.ptr(fwd), BtfType.Var.GLOBAL);
        int i = b.intType("int", 4, true);
        b.struct("foo", 4, "u", i, 0);
        b.struct("foo", 8, "u", i, 0, "w", i, 32);
        DedupResult r = Dedup.dedup(b.build());
        assertThat(r.btf().type(r.newId(fwd)).kind()).isEqualTo(BtfKind.FWD);
    }

    @Test
    void forwardDeclaredEnumJoinsItsDefinition() {
        TestBtf b = new TestBtf();
        int fwd = b.enumType("colour", 4);
        int full = b.enumType("colour", 4, "RED", "GREEN");
        int other = b.enumType("colour", 4, "RED", "BLUE");
        DedupResult r = Dedup.dedup(b.build());
        assertThat(r.newId(fwd)).isEqualTo(r.newId(full));
        assertThat(r.newId(other)).isNotEqualTo(r.newId(full));
    }

    /** Look-alike anonymous unions merge only when their function pointers agree. */
    @Test
    void lookAlikeUnionsMergeOnlyWhenEqual() {
        TestBtf b = new TestBtf();
        int i = b.intType("int", 4, true);
        int l = b.intType("long", 8, true);
        int u1 = b.union("", 8, "event", i, 0, "handler", b.ptr(b.proto(i, "ctx", l)), 0);
        int u2 = b.union("", 8, "event", i, 0, "handler", b.ptr(b.proto(i, "ctx", i)), 0);
        int u3 = b.union("", 8, "event", i, 0, "handler", b.ptr(b.proto(i, "ctx", l)), 0);
        DedupResult r = Dedup.dedup(b.build());
        assertThat(r.newId(u3)).isEqualTo(r.newId(u1));
        assertThat(r.newId(u2)).isNotEqualTo(r.newId(u1));
    }

    @Test
    void outOfRangeReferenceIsRefused() {
        TestBtf b = new TestBtf();
        b.ptr(7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dedup.dedup(b.build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("type [1] refers to type id 7, only 2 exist");
    }

    @Test
    void variablesAndSectionsAreNeverMerged() {
        TestBtf b = new TestBtf();
        int i = b.intType("int", 4, true);
        int v1 = b.var("x", i, BtfType.Var.STATIC);
        int v2 = b.var("x", i, BtfType.Var.STATIC);
        DedupResult r = Dedup.dedup(b.build());
        assertThat(r.newId(v2)).isNotEqualTo(r.newId(v1));
    }

    @Test
    void extRecordsFollowTheirTypesAndStrings() throws Exception {
        Btf btf = BtfFiles.read(Fixtures.root().resolve("obj/core_reloc-el.o"));
        Optional<BtfExt> ext = BtfFiles.extFromElf(dev.ebld.elf.ElfReader.read(
                Fixtures.root().resolve("obj/core_reloc-el.o")), btf);
        assertThat(ext).isPresent();
        Concat.Result two = Concat.concat(List.of(btf, btf));
        DedupResult r = Dedup.dedup(two.merged(), DedupExt.strings(ext.get()));
        BtfExt moved = DedupExt.remap(ext.get(), id -> r.newId(two.mergedId(1, id)), r.stringOffsets());
        byte[] bytes = BtfExtWriter.write(moved);
        assertThat(bytes).hasSize(BtfExtWriter.write(ext.get()).length);
        BtfExt back = BtfExtReader.read(bytes, r.btf());
        for (int s = 0; s < ext.get().coreRelos().sections().size(); s++) {
            List<BtfExt.CoreRelo> before = ext.get().coreRelos().sections().get(s).records();
            List<BtfExt.CoreRelo> after = back.coreRelos().sections().get(s).records();
            for (int k = 0; k < before.size(); k++) {
                assertThat(after.get(k).accessStr()).isEqualTo(before.get(k).accessStr());
                assertThat(Spelling.type(r.btf(), after.get(k).typeId()))
                        .isEqualTo(Spelling.type(btf, before.get(k).typeId()));
            }
        }
        assertThat(back.lineInfo().recordCount()).isEqualTo(ext.get().lineInfo().recordCount());
        assertThat(back.lineInfo().sections().get(0).records().get(0).line())
                .isEqualTo(ext.get().lineInfo().sections().get(0).records().get(0).line());
    }
}
