package dev.ebld.elf;

import java.util.List;

/**
 * What a section holds. Symbol and relocation tables are decoded into entries so that tools can
 * work on them; the writer encodes them again. Everything else stays as bytes.
 *
 * <p>{@link #kind()} names the member, so that code compiled for Java 17 (no pattern switch) can
 * switch over the family exhaustively: a new member breaks every such switch at compile time.
 */
public sealed interface SectionContent {
    /** One constant per member of the family. */
    enum Kind {
        BYTES, NO_BITS, SYMBOLS, RELOCATIONS, UNREAD
    }

    Kind kind();

    /**
     * Bytes of a PROGBITS, STRTAB or unknown-type section, kept exactly as read. Immutable, so
     * the model can be shared across threads; equal when the bytes are.
     */
    record Bytes(ByteView data) implements SectionContent {
        public Bytes {
            java.util.Objects.requireNonNull(data, "data");
        }

        /** Content copied from {@code data}; later changes to the array do not show. */
        public Bytes(byte[] data) {
            this(ByteView.of(data));
        }

        @Override
        public Kind kind() {
            return Kind.BYTES;
        }
    }

    /** A NOBITS section: a size and no file bytes. */
    record NoBits(long size) implements SectionContent {
        @Override
        public Kind kind() {
            return Kind.NO_BITS;
        }
    }

    /**
     * File bytes the reader was asked not to read ({@link ElfReader#readSelected}): the size is
     * known, the content is not. A model holding one cannot be written.
     */
    record Unread(long size) implements SectionContent {
        @Override
        public Kind kind() {
            return Kind.UNREAD;
        }
    }

    /** SHT_SYMTAB entries, index 0 (the null symbol) included. */
    record Symbols(List<ElfSymbol> symbols) implements SectionContent {
        public Symbols {
            symbols = List.copyOf(symbols);
        }

        @Override
        public Kind kind() {
            return Kind.SYMBOLS;
        }
    }

    /** SHT_REL or SHT_RELA entries; {@code rela} says which encoding (and entry size) to use. */
    record Relocations(List<Relocation> relocations, boolean rela) implements SectionContent {
        public Relocations {
            relocations = List.copyOf(relocations);
        }

        @Override
        public Kind kind() {
            return Kind.RELOCATIONS;
        }
    }
}
