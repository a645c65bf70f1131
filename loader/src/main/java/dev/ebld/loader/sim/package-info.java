/**
 * The simulated kernel: {@link dev.ebld.loader.sim.SimKernel} is one machine (ids, objects, bpffs,
 * its BTF, CPUs), handing out processes that implement {@link dev.ebld.loader.kernel.Kernel}.
 */
package dev.ebld.loader.sim;
