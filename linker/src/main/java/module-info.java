/** The static linker: many relocatable BPF objects in, one relocatable BPF object out. */
module dev.ebld.linker {
    requires transitive dev.ebld.elf;
    requires transitive dev.ebld.btf;
    requires org.apache.commons.compress;
    // commons-compress only declares xz as optional; requiring it makes .xz inputs work on the
    // module path.
    requires org.tukaani.xz;
    // Likewise zstd-jni, commons-compress's zstd backend, for .zst inputs.
    requires com.github.luben.zstd_jni;

    exports dev.ebld.linker;
}
