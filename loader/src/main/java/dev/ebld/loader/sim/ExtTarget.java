package dev.ebld.loader.sim;

import dev.ebld.loader.kernel.BtfId;

/**
 * A function of a loaded program an extension may replace: the program, the function's FUNC id
 * in the program's BTF, and the slot where the function starts in the program's image.
 */
record ExtTarget(SimProg prog, BtfId function, int entrySlot) {
}
