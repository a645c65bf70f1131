package dev.ebld.maven;

import dev.ebld.linker.LinkInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The up-to-date check of {@code ebld:link}: a stamp file holding a fingerprint of the last
 * successful link.
 *
 * <p>The fingerprint is plain text: the plugin version and jars, every parameter that changes the output,
 * and the SHA-256 of each input's content in link-line order. Content hashes rather than
 * timestamps, because a checkout or a copy changes times without changing bytes, and an input
 * swapped for another of the same age must still relink. After the fingerprint the stamp records
 * the SHA-256 of the output written. A link is skipped only when the stamp holds exactly the
 * current fingerprint and the output is still that object (and the map file, if asked for, is
 * there): an output overwritten by hand or by another execution relinks. The stamp is
 * removed before linking and written after success, so a failed or interrupted link never looks
 * up to date. The stamp lives under {@code target/}, so {@code mvn clean} forgets it.
 */
final class LinkStamp {
    private static final String HEADER = "ebld link stamp 1";

    private final Path file;

    LinkStamp(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * Names the code that links: the plugin version and a hash over the jars it runs from (the
     * plugin's own and the linker's), so a rebuilt SNAPSHOT linker relinks too. Entries that are
     * not regular files (a reactor's {@code target/classes}) count by path only.
     */
    static String toolIdentity(String version, List<Path> jars) throws IOException {
        MessageDigest md = newDigest();
        for (Path jar : jars) {
            md.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            if (Files.isRegularFile(jar)) {
                md.update(HexFormat.of().parseHex(sha256(jar)));
            }
        }
        return version + " " + HexFormat.of().formatHex(md.digest());
    }

    /** The fingerprint of linking {@code options} with the plugin named by {@code toolIdentity}. */
    static String fingerprint(LinkJob options, String toolIdentity) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("plugin ").append(toolIdentity).append('\n');
        sb.append("output ").append(options.output().toAbsolutePath()).append('\n');
        sb.append("mapFile ").append(options.mapFile().map(p -> p.toAbsolutePath().toString()).orElse("-"))
                .append('\n');
        sb.append("noUndefined ").append(options.options().noUndefined()).append('\n');
        for (LinkInput in : options.inputs()) {
            sb.append("input ").append(sha256(in.path()))
                    .append(in.wholeArchive() ? " whole-archive " : " - ")
                    .append(in.path().toAbsolutePath()).append('\n');
        }
        return sb.toString();
    }

    /** True when the last successful link had this fingerprint and its outputs are unchanged. */
    boolean isUpToDate(String fingerprint, LinkJob options) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isRegularFile(options.output())) {
            return false;
        }
        if (options.mapFile().isPresent() && !Files.isRegularFile(options.mapFile().get())) {
            return false;
        }
        return Files.readString(file, StandardCharsets.UTF_8).equals(withResult(fingerprint, options));
    }

    /** Forget the last link; called before linking so a failed link is never taken as current. */
    void invalidate() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Remember a successful link, once its output is written. */
    void record(String fingerprint, LinkJob options) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, withResult(fingerprint, options), StandardCharsets.UTF_8);
    }

    private static String withResult(String fingerprint, LinkJob options) throws IOException {
        return fingerprint + "result " + sha256(options.output()) + '\n';
    }

    private static String sha256(Path path) throws IOException {
        MessageDigest md = newDigest();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest Javadoc).
            throw new IllegalStateException(e);
        }
    }
}
