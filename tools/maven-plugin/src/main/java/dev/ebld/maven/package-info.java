/**
 * The ebld Maven plugin ({@code ebld:link}, {@code ebld:help}).
 *
 * <p>Thin by design: the plugin turns POM configuration into library calls and library
 * diagnostics into Maven log lines and failures; all BPF knowledge lives in the libraries.
 * {@link dev.ebld.maven.AbstractEbldMojo} holds what every goal shares (the {@code skip} switch,
 * the input file set and archives, logging the JVM the plugin runs on, routing diagnostics
 * through {@link dev.ebld.maven.DiagnosticLog}). A new goal, such as the planned {@code verify}
 * that runs the simulated kernel's verifier over the linked object, is one more subclass with its
 * own parameters and a {@code run()} that calls its library and reports its diagnostics; it can
 * reuse {@link dev.ebld.maven.LinkStamp}'s fingerprinting for its own up-to-date check.
 *
 * <p>Everything here runs inside the user's Maven JVM and is compiled with {@code --release 17};
 * the integration tests under {@code src/it} run Maven on JDK 17 and assert it.
 */
package dev.ebld.maven;
