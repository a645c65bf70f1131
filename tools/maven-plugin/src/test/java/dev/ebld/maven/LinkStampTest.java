package dev.ebld.maven;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LinkStampTest {
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;
    Path a;
    Path b;
    Path out;
    LinkStamp stamp;

    @BeforeEach
    void setUp() throws IOException {
        a = write("a.o", "abc");
        b = write("b.o", "def");
        out = dir.resolve("out/linked.o");
        stamp = new LinkStamp(dir.resolve("target/ebld/link.stamp"));
    }

    @Test
    void fingerprintHoldsContentHashAndParameters() throws IOException {
        String fp = LinkStamp.fingerprint(options(List.of(LinkInput.of(a)), Optional.empty(), true), "1.0");
        assertThat(fp.lines()).contains(
                "plugin 1.0",
                "output " + out.toAbsolutePath(),
                "mapFile -",
                "noUndefined true",
                "input " + SHA256_ABC + " - " + a.toAbsolutePath());
    }

    @Test
    void toolIdentityFollowsJarContent() throws IOException {
        Path jar = write("linker.jar", "abc");
        String before = LinkStamp.toolIdentity("1.0", List.of(jar));
        assertThat(before).startsWith("1.0 ").isEqualTo(LinkStamp.toolIdentity("1.0", List.of(jar)));
        Files.writeString(jar, "abd");
        assertThat(LinkStamp.toolIdentity("1.0", List.of(jar))).isNotEqualTo(before);
        assertThat(LinkStamp.toolIdentity("1.0", List.of(dir))).as("directories count by name")
                .isEqualTo(LinkStamp.toolIdentity("1.0", List.of(dir)));
    }

    @Test
    void sameInputsSameFingerprint() throws IOException {
        assertThat(LinkStamp.fingerprint(twoInputs(), "1.0")).isEqualTo(LinkStamp.fingerprint(twoInputs(), "1.0"));
    }

    @Test
    void changedContentChangesFingerprintEvenWithSameSizeAndName() throws IOException {
        String before = LinkStamp.fingerprint(twoInputs(), "1.0");
        Files.writeString(b, "xyz");
        assertThat(LinkStamp.fingerprint(twoInputs(), "1.0")).isNotEqualTo(before);
    }

    @Test
    void everyParameterIsPartOfTheFingerprint() throws IOException {
        String base = LinkStamp.fingerprint(twoInputs(), "1.0");
        List<LinkJob> variants = List.of(
                options(List.of(LinkInput.of(b), LinkInput.of(a)), Optional.empty(), false),
                options(List.of(LinkInput.of(a), new LinkInput(b, true)), Optional.empty(), false),
                options(List.of(LinkInput.of(a)), Optional.empty(), false),
                options(List.of(LinkInput.of(a), LinkInput.of(b)), Optional.of(dir.resolve("map.txt")), false),
                options(List.of(LinkInput.of(a), LinkInput.of(b)), Optional.empty(), true),
                new LinkJob(List.of(LinkInput.of(a), LinkInput.of(b)), dir.resolve("other.o"), Optional.empty(), new LinkOptions(false)));
        for (LinkJob v : variants) {
            assertThat(LinkStamp.fingerprint(v, "1.0")).as("%s", v).isNotEqualTo(base);
        }
        assertThat(LinkStamp.fingerprint(twoInputs(), "1.1")).isNotEqualTo(base);
    }

    @Test
    void upToDateOnlyWhileTheOutputIsTheRecordedOne() throws IOException {
        LinkJob opts = twoInputs();
        String fp = LinkStamp.fingerprint(opts, "1.0");
        assertThat(stamp.isUpToDate(fp, opts)).as("no stamp yet").isFalse();

        Files.createDirectories(out.getParent());
        Files.writeString(out, "linked");
        stamp.record(fp, opts);
        assertThat(stamp.isUpToDate(fp, opts)).isTrue();

        Files.delete(out);
        assertThat(stamp.isUpToDate(fp, opts)).as("output deleted").isFalse();
        Files.writeString(out, "linkeD");
        assertThat(stamp.isUpToDate(fp, opts)).as("output replaced").isFalse();
        Files.writeString(out, "linked");
        assertThat(stamp.isUpToDate(fp, opts)).as("output as recorded").isTrue();

        Files.writeString(a, "abd");
        assertThat(stamp.isUpToDate(LinkStamp.fingerprint(opts, "1.0"), opts)).as("input changed").isFalse();
    }

    @Test
    void missingMapFileMeansNotUpToDate() throws IOException {
        Path map = dir.resolve("link.map");
        LinkJob opts = options(List.of(LinkInput.of(a)), Optional.of(map), false);
        String fp = LinkStamp.fingerprint(opts, "1.0");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "linked");
        stamp.record(fp, opts);
        assertThat(stamp.isUpToDate(fp, opts)).isFalse();
        Files.writeString(map, "map");
        assertThat(stamp.isUpToDate(fp, opts)).isTrue();
    }

    @Test
    void invalidateForgetsTheLastLink() throws IOException {
        LinkJob opts = twoInputs();
        String fp = LinkStamp.fingerprint(opts, "1.0");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "linked");
        stamp.record(fp, opts);
        assertThat(Files.readString(stamp.file(), StandardCharsets.UTF_8)).isEqualTo(fp + "result " + sha256Of("linked") + "\n");

        stamp.invalidate();
        assertThat(stamp.file()).doesNotExist();
        assertThat(stamp.isUpToDate(fp, opts)).isFalse();
        stamp.invalidate(); // no stamp: still fine
    }

    private static String sha256Of(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private LinkJob twoInputs() {
        return options(List.of(LinkInput.of(a), LinkInput.of(b)), Optional.empty(), false);
    }

    private LinkJob options(List<LinkInput> inputs, Optional<Path> map, boolean noUndefined) {
        return new LinkJob(inputs, out, map, new LinkOptions(noUndefined));
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
