package dev.ebld.btf.compat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.c.Spelling;
import java.util.Objects;

/**
 * The outcome of a {@link TypeCompatibility} or {@link FreplaceCompat} check. A mismatch carries the reason and both sides
 * as C declarations with the input each comes from, so a linker or loader can print it as is:
 *
 * <pre>
 * type mismatch for 'proto_fn': parameter count differs: 2 in a.o, 1 in b.o
 * &gt;&gt;&gt; a.o: extern int proto_fn(int x, int y)
 * &gt;&gt;&gt; b.o: int proto_fn(long x)
 * </pre>
 *
 * @param kind        {@link Kind#OK}, or which rule failed (a stable value tests assert on)
 * @param symbol      the symbol or function compared
 * @param reason      why the two differ, "" when they match
 * @param leftOrigin  where the left side comes from, e.g. {@code a.o}
 * @param leftC       the left side in C
 * @param rightOrigin where the right side comes from
 * @param rightC      the right side in C
 */
public record CompatResult(Kind kind, String symbol, String reason, String leftOrigin, String leftC,
                              String rightOrigin, String rightC) {

    public enum Kind {
        /** The two sides are compatible. */
        OK("ok"),
        /** An extern and its definition (function or variable) disagree. */
        TYPE_MISMATCH("type mismatch"),
        /** Two declarations of a {@code .maps} map disagree. */
        MAP_MISMATCH("map mismatch"),
        /** A replacement program does not fit the function it replaces. */
        FREPLACE_MISMATCH("freplace mismatch"),
        /** One side is not something the check applies to (e.g. not a FUNC, a malformed map). */
        INVALID("invalid declaration");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public CompatResult {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(symbol);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(leftOrigin);
        Objects.requireNonNull(leftC);
        Objects.requireNonNull(rightOrigin);
        Objects.requireNonNull(rightC);
    }

    /** A result whose sides are the declarations of {@code aId} and {@code bId}, spelled in C. */
    static CompatResult spelled(Kind kind, String symbol, String why, String aOrigin, Btf a, int aId,
                                String bOrigin, Btf b, int bId) {
        return new CompatResult(kind, symbol, why == null ? "" : why, aOrigin, Spelling.declaration(a, aId),
                bOrigin, Spelling.declaration(b, bId));
    }

    /** True when the two sides are compatible. */
    public boolean matches() {
        return kind == Kind.OK;
    }

    /** The multi-line message: reason, then each side with its origin. "" when they match. */
    public String message() {
        if (matches()) {
            return "";
        }
        return kind.label() + " for '" + symbol + "': " + reason
                + "\n>>> " + leftOrigin + ": " + leftC
                + "\n>>> " + rightOrigin + ": " + rightC;
    }

    @Override
    public String toString() {
        return matches() ? "ok: " + symbol : message();
    }
}
