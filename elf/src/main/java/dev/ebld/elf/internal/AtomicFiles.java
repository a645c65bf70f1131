package dev.ebld.elf.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Whole-file writes that never leave a partial file behind. Every output ebld produces (objects,
 * link maps) goes through here, so "nothing is lost" holds in one place.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code path} atomically: they go to a temporary file in the same
     * directory, forced to disk, which is then renamed over {@code path}. Readers of {@code path}
     * see the old file or the new one, never a partial write; on failure the temporary file is
     * removed and {@code path} is untouched.
     *
     * <p>The temporary name comes from the clock rather than {@code Files.createTempFile}, whose
     * random names come from {@code SecureRandom}: its first use loads the security providers,
     * ~20 ms of a cold {@code ebld link}. Creating the file exclusively ({@code CREATE_NEW})
     * keeps it as safe: a name that exists, even as a symbolic link, is skipped.
     */
    public static void write(Path path, byte[] bytes) throws IOException {
        Path abs = path.toAbsolutePath();
        Path tmp;
        FileChannel created;
        while (true) {
            String unique = Long.toHexString(System.nanoTime());
            tmp = abs.resolveSibling("." + abs.getFileName() + "." + unique + ".tmp");
            try {
                created = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                break;
            } catch (FileAlreadyExistsException e) {
                // Another writer's file: try the next name.
            }
        }
        try {
            try (FileChannel ch = created) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                // On disk before the rename, so a crash cannot leave a renamed but empty file.
                ch.force(true);
            }
            // Outputs are world-readable, whatever the umask.
            PosixFileAttributeView posix = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
            }
            moveIntoPlace(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot write " + target + " atomically: " + e.getMessage(), e);
        }
    }
}
