package dev.ebld.linker;

/**
 * How to link. Where the output goes is not an option: {@link Linker#link} works in memory and
 * {@link Linked#write} puts the result where the caller wants it.
 *
 * @param noUndefined make every unresolved reference an error ({@code ld --no-undefined})
 */
public record LinkOptions(boolean noUndefined) {
    /** ld's defaults: unresolved references are left for the loader. */
    public static LinkOptions defaults() {
        return new LinkOptions(false);
    }
}
