package dev.ebld.loader.kernel;

/** {@code BPF_OBJ_GET_INFO_BY_FD} for a BTF object: its id, size in bytes and whether it is the kernel's. */
public record BtfInfo(ObjectId id, int size, String name, boolean kernelBtf) {
}
