package dev.ebld.loader.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

/** Finding a kernel backend by name; the loader module alone has none. */
class KernelBackendsTest {
    /** HotSpot's message when Java 17 meets a Java 25 class file. */
    private static final String TOO_NEW = "dev/ebld/loader/linux/LinuxKernelProvider has been compiled by a"
            + " more recent version of the Java Runtime (class file version 69.0), this version of the"
            + " Java Runtime only recognizes class file versions up to 61.0";

    @Test
    void anUnknownNameIsUnavailableNamingIt() {
        KernelUnavailableException e = assertThrows(KernelUnavailableException.class,
                () -> KernelBackends.open("plan9"));
        assertThat(e.getMessage()).startsWith("no kernel backend named 'plan9' on the class path");
    }

    @Test
    void aClassFileTooNewNamesTheJavaItNeeds() {
        KernelUnavailableException e = KernelBackends.unloadable(new ServiceConfigurationError(
                "Provider could not be instantiated", new UnsupportedClassVersionError(TOO_NEW)));
        assertThat(e.getMessage()).isEqualTo("the backend needs Java 25+ (running "
                + Runtime.version().feature() + ")");
    }

    /** What ServiceLoader really throws on Java 17 (the error itself, unwrapped). */
    @Test
    void theBareErrorToo() {
        assertThat(KernelBackends.unloadable(new UnsupportedClassVersionError(TOO_NEW)).getMessage())
                .startsWith("the backend needs Java 25+ (running ");
    }

    @Test
    void neededJavaIsTheClassFileVersionLess44() {
        assertThat(KernelBackends.neededJava(TOO_NEW)).isEqualTo("Java 25+");
        assertThat(KernelBackends.neededJava("class file version 66.0")).isEqualTo("Java 22+");
        assertThat(KernelBackends.neededJava("something else")).isEqualTo("a newer Java");
    }

    @Test
    void anyOtherLoadFailureSaysSo() {
        KernelUnavailableException e = KernelBackends.unloadable(new ServiceConfigurationError("boom"));
        assertThat(e.getMessage()).isEqualTo("the backend could not be loaded: boom");
    }
}
