/**
 * The real Linux kernel behind {@code dev.ebld.loader.kernel.Kernel}: bpf(2) called through
 * {@code java.lang.foreign}, with {@code union bpf_attr} laid out as the kernel's UAPI header
 * does. Compiled for Java 25 (the project's one exception to release 17); run with
 * {@code --enable-native-access=dev.ebld.loader.linux} (or {@code ALL-UNNAMED} on the class path).
 */
module dev.ebld.loader.linux {
    requires transitive dev.ebld.loader;

    exports dev.ebld.loader.linux;
}
