/**
 * Benchmark entry points (plain main classes, no harness) for the CLI and README numbers:
 * {@link dev.ebld.btf.bench.BtfDumpBench} times parse plus raw dump against bpftool.
 */
package dev.ebld.btf.bench;
