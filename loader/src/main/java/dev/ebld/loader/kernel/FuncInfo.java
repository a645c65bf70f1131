package dev.ebld.loader.kernel;

/**
 * {@code struct bpf_func_info}: the subprogram starting at instruction {@code insnOff} (in slots,
 * counted from the program's first instruction) has BTF FUNC {@code typeId} in the program's BTF.
 */
public record FuncInfo(int insnOff, BtfId typeId) {
}
