package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.UpdateMode;
import dev.ebld.loader.sim.SimKernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors through the loader into the simulated kernel carry the errno the Linux kernel answers
 * with for the same command (the kernel's own return codes: the verifier's -EACCES for an unsafe
 * access, array maps' -E2BIG past max_entries and -EINVAL for delete, -EEXIST for BPF_NOEXIST on
 * an array, -EPERM for writes to a frozen map such as .rodata).
 */
class LoaderErrnoTest {

    static Stream<Arguments> programErrors() {
        return Stream.of(
                Arguments.of("verifier/adjust_head_stale.o", Errno.EACCES, "R6 invalid mem access 'scalar'"),
                Arguments.of("verifier/array_bigkey_nonull.o", Errno.EACCES,
                        "R0 invalid mem access 'map_value_or_null'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programErrors")
    void verifierRefusalCarriesTheKernelsErrno(String object, Errno errno, String reason) {
        LoaderException e = catchThrowableOfType(LoaderException.class,
                () -> Fixtures.open(object).load(new SimKernel().rootProcess(), LoadOptions.defaults()));

        assertThat(e).as("%s loads", object).isNotNull();
        assertThat(e.errno()).isEqualTo(errno);
        assertThat(e.getMessage()).contains(reason);
        assertThat(e.log()).contains(reason);
    }

    static Stream<Arguments> mapErrors() {
        return Stream.of(
                Arguments.of("update past max_entries", "dispatch_lb-el.o", Errno.E2BIG,
                        (Consumer<LoadedObject>) l -> update(l, "lb_backend_hits", 7, UpdateMode.ANY)),
                Arguments.of("BPF_NOEXIST on an array", "dispatch_lb-el.o", Errno.EEXIST,
                        (Consumer<LoadedObject>) l -> update(l, "lb_backend_hits", 1, UpdateMode.NOEXIST)),
                Arguments.of("delete from an array", "dispatch_lb-el.o", Errno.EINVAL,
                        (Consumer<LoadedObject>) l -> l.kernel().mapDelete(l.map("lb_backend_hits").fd(), key(l, 1))),
                Arguments.of("write to frozen .rodata", "globals-el.o", Errno.EPERM,
                        (Consumer<LoadedObject>) l -> l.global("ro_var").set(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mapErrors")
    void mapErrorCarriesTheKernelsErrno(String what, String object, Errno errno, Consumer<LoadedObject> op) {
        try (LoadedObject l = Fixtures.open(object).load(new SimKernel().rootProcess(),
                LoadOptions.defaults())) {
            KernelException e = catchThrowableOfType(KernelException.class, () -> op.accept(l));

            assertThat(e).as(what).isNotNull();
            assertThat(e.errno()).as(what).isEqualTo(errno);
        }
    }

    private static void update(LoadedObject l, String map, int k, UpdateMode mode) {
        l.kernel().mapUpdate(l.map(map).fd(), key(l, k), new byte[8], mode);
    }

    private static byte[] key(LoadedObject l, int k) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
    }
}
