package dev.ebld.diag;

/**
 * A stable name for a class of problem, which tests and tools match on. Each module lists its
 * kinds as one enum implementing this (e.g. the linker's {@code LinkDiagnosticKind}), so the set
 * is closed and a switch over it is checked for completeness.
 */
public interface DiagnosticKind {
    /** The kebab-case name, e.g. {@code duplicate-symbol}; never changes once published. */
    String id();
}
