package dev.ebld.btf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.testkit.RequiresKernelBtf;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BtfRoundTripTest {

    static List<Path> objects() throws Exception {
        return Fixtures.objectsWithBtf();
    }

    static List<Path> objectsWithExt() throws Exception {
        return Fixtures.objectsWithBtfExt();
    }

    @ParameterizedTest
    @MethodSource("objects")
    void fixtureBtfRewritesByteIdentically(Path obj) throws Exception {
        byte[] data = Fixtures.section(obj, ".BTF").orElseThrow();
        Btf btf = BtfReader.read(data);
        assertThat(btf.byteOrder()).isEqualTo(obj.toString().contains("-eb") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        assertThat(BtfWriter.write(btf)).isEqualTo(data);
    }

    @ParameterizedTest
    @MethodSource("objectsWithExt")
    void fixtureBtfExtRewritesByteIdentically(Path obj) throws Exception {
        var ext = Fixtures.section(obj, ".BTF.ext");
        Btf btf = BtfReader.read(Fixtures.section(obj, ".BTF").orElseThrow());
        BtfExt e = BtfExtReader.read(ext.get(), btf);
        assertThat(e.funcInfo().recordCount()).isPositive();
        assertThat(e.lineInfo().recordCount()).isPositive();
        assertThat(BtfExtWriter.write(e)).isEqualTo(ext.get());
    }

    @ParameterizedTest
    @MethodSource("objectsWithExt")
    void relaidOutBtfExtEqualsClangLayout(Path obj) throws Exception {
        var ext = Fixtures.section(obj, ".BTF.ext");
        Btf btf = BtfReader.read(Fixtures.section(obj, ".BTF").orElseThrow());
        BtfExt e = BtfExtReader.read(ext.get(), btf);
        BtfExt built = BtfExt.of(e.order(), e.funcInfo().recordSize(), e.funcInfo().sections(),
                e.lineInfo().recordSize(), e.lineInfo().sections(), e.coreRelos().recordSize(),
                e.coreRelos().sections());
        assertThat(BtfExtWriter.write(built)).isEqualTo(ext.get());
    }

    @Test
    @RequiresKernelBtf
    void vmlinuxRewritesByteIdentically() throws Exception {
        byte[] data = Files.readAllBytes(Fixtures.VMLINUX);
        Btf btf = BtfReader.read(data);
        assertThat(btf.types().size()).isGreaterThan(1000);
        assertThat(BtfWriter.write(btf)).isEqualTo(data);
    }
}
