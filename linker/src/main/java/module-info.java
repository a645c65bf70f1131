/** The static linker: many relocatable BPF objects in, one relocatable BPF object out. */
module dev.ebld.linker {
    requires transitive dev.ebld.elf;
    requires transitive dev.ebld.btf;
    requires org.apache.commons.compress;
    // commons-compress only declares xz as optional; requiring it makes .xz inputs work on the
    // module path.
    requires org.tukaani.xz;

    exports dev.ebld.linker;
}
