package dev.ebld.loader.verifier;

/**
 * The simulated kernel's load-time check of a program: the seam where {@code BPF_PROG_LOAD} asks
 * "may this run?". The kernel behind the seam decides, from the request alone, whether to accept;
 * it never runs the program. Implementations must say in their name what they check, so a
 * structural check can never be taken for a safety proof.
 */
public interface Verifier {

    /** Checks one program load. Never throws for a bad program: a rejection is a value. */
    Verdict verify(VerifierRequest request);

    /**
     * Checks a library function load (ebld's dynamic linking, {@code Kernel.libraryLoad}): the
     * request's entry is a global function with no program type ({@code ProgType.UNSPEC}), to be
     * checked against its BTF prototype alone. By default, the same check as a program.
     */
    default Verdict verifyLibrary(VerifierRequest request) {
        return verify(request);
    }
}
