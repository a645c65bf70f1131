/**
 * Byte-order helpers shared by the ELF reader/writer, the instruction codec, the btf module and
 * the linker. Internal: exported only to the project's modules.
 */
package dev.ebld.bytes;
