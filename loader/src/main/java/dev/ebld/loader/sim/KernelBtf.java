package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The simulated kernel's own BTF: raw BTF compiled from {@code fixtures/src/simkernel_btf.c} by
 * {@code fixtures/build.sh} and committed as a resource. It describes the context structs
 * ({@code xdp_md}, {@code __sk_buff}, {@code pt_regs}...) and the kernel types the fixtures use
 * through CO-RE ({@code task_struct}...).
 */
final class KernelBtf {
    static final String RESOURCE = "vmlinux.btf";

    private KernelBtf() {
    }

    static byte[] raw() {
        try (InputStream in = KernelBtf.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource dev/ebld/loader/sim/" + RESOURCE
                        + " is missing from the loader build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Btf load() {
        try {
            return BtfReader.read(raw());
        } catch (BtfFormatException e) {
            throw new IllegalStateException("the simulated kernel's BTF does not parse: "
                    + e.getMessage(), e);
        }
    }
}
