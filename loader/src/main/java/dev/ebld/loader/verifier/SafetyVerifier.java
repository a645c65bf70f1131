package dev.ebld.loader.verifier;

import dev.ebld.loader.verifier.safety.SafetyDriver;

/**
 * The per-subprogram safety verifier: accepts a program only if every path of the main program,
 * and of every global function it reaches (each verified on its own against its BTF prototype),
 * is safe by the rules of the Linux 6.18 verifier it models (register and stack state with tnum
 * and 32/64-bit bounds, context, packet, map value and helper-memory access rules, helper
 * prototypes, reference release, stack and call-depth limits, loops bounded by the
 * 1,000,000-instruction budget). Anything it does not model (a helper, kfunc, map type, program
 * type or instruction) is refused by name, never accepted. See {@code safety/SafetyDriver}.
 */
public final class SafetyVerifier implements Verifier {

    @Override
    public Verdict verify(VerifierRequest request) {
        return SafetyDriver.run(request);
    }

    @Override
    public Verdict verifyLibrary(VerifierRequest request) {
        return SafetyDriver.runLibrary(request);
    }
}
