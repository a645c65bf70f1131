package dev.ebld.linker.internal;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the members of a Unix {@code ar} archive ({@code .a}) with Commons Compress. The
 * symbol index ({@code /} or {@code __.SYMDEF}) and the GNU long-name table are not members;
 * the linker computes what each member defines from its own symbol table.
 */
final class ArchiveReader {
    private static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);

    /** One archive member: its name and bytes. */
    record Member(String name, byte[] data) {
    }

    private ArchiveReader() {
    }

    static boolean isArchive(byte[] b) {
        if (b.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static List<Member> members(byte[] archive) throws IOException {
        List<Member> out = new ArrayList<>();
        try (ArArchiveInputStream in = new ArArchiveInputStream(new ByteArrayInputStream(archive))) {
            ArArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (isIndex(name)) {
                    continue;
                }
                if (e.getLength() < 0 || e.getLength() > archive.length) {
                    throw new IOException("member " + name + " claims " + e.getLength() + " bytes");
                }
                out.add(new Member(stripSlash(name), in.readNBytes((int) e.getLength())));
            }
        } catch (IllegalArgumentException | IllegalStateException ex) {
            // Commons Compress reports some malformed headers this way.
            throw new IOException("malformed archive: " + ex.getMessage(), ex);
        }
        return out;
    }

    private static boolean isIndex(String name) {
        return name.isEmpty() || name.equals("/") || name.equals("//") || name.startsWith("__.SYMDEF")
                || name.equals("/SYM64/");
    }

    private static String stripSlash(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
