/**
 * The simulated kernel: {@link dev.ebld.loader.sim.SimKernel} is one machine (ids, objects, bpffs,
 * its BTF, CPUs, network devices), handing out processes that implement
 * {@link dev.ebld.loader.kernel.Kernel}.
 *
 * <p>Attach points: each device has an XDP hook and tcx ingress/egress hooks ({@code Mprog}, the
 * kernel's bpf_mprog rules); links ({@code SimLink} and one class per kind) hold their program and
 * detach when their last fd and pin go; extension links ({@code ExtLink}) point a target's function
 * at the extension's image through the {@code ProgramImage} replacement table. Packets enter with
 * {@link dev.ebld.loader.sim.SimKernel#inject} and leave with
 * {@link dev.ebld.loader.sim.SimKernel#send}.
 */
package dev.ebld.loader.sim;
