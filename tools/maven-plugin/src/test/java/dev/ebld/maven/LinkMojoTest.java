package dev.ebld.maven;

import org.apache.maven.model.FileSet;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the mojo without Maven: fields set as Maven would, the real linker, and objects of the
 * integration-test projects (compiled by src/it/build-objects.sh).
 */
class LinkMojoTest {
    private static final Path IT = Path.of("src/it");

    @TempDir
    Path basedir;
    RecordingLog log;
    List<String> attached;
    LinkMojo mojo;

    @BeforeEach
    void setUp() {
        log = new RecordingLog();
        attached = new ArrayList<>();
        mojo = new LinkMojo(new RecordingHelper(attached));
        mojo.setLog(log);
        MavenProject project = new MavenProject();
        project.setFile(basedir.resolve("pom.xml").toFile());
        mojo.project = project;
        mojo.output = basedir.resolve("target/classes/bpf/test.bpf.o").toFile();
        mojo.stampFile = basedir.resolve("target/ebld/link.stamp").toFile();
        mojo.pluginVersion = "test";
    }

    @Test
    void skipDoesNothing() throws Exception {
        copyObjects("link-ok/src/main/bpf");
        mojo.skip = true;
        mojo.execute();
        assertThat(log.lines).containsExactly("INFO ebld: skipped (skip=true)");
        assertThat(mojo.output).doesNotExist();
    }

    @Test
    void noInputsIsNothingToLink() throws Exception {
        mojo.execute();
        assertThat(log.lines).anyMatch(l -> l.startsWith("INFO ebld: no inputs") && l.endsWith("nothing to link"));
        assertThat(mojo.output).doesNotExist();
    }

    @Test
    void missingArchiveIsNamed() {
        mojo.archives = List.of(new Archive(basedir.resolve("lib/absent.a").toFile(), false));
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("absent.a");
    }

    @Test
    void fileSetDirectoryAndIncludesAreHonoured() throws Exception {
        copyObjects("link-ok/src/main/bpf");
        FileSet fs = new FileSet();
        fs.setDirectory("src/main/bpf");
        fs.addInclude("prog.o");
        mojo.inputs = fs;
        assertThat(mojo.collectInputs()).extracting(in -> in.path().getFileName().toString())
                .containsExactly("prog.o");
    }

    @Test
    void linksThenSkipsThenRelinksWhenAnInputChanges() throws Exception {
        copyObjects("link-ok/src/main/bpf");
        mojo.execute();
        assertThat(mojo.output).isFile();
        assertThat(mojo.stampFile).isFile();
        assertThat(log.lines).contains("INFO ebld: linking 2 input(s) into " + mojo.output.toPath());

        log.lines.clear();
        mojo.execute();
        assertThat(log.lines).contains("INFO " + LinkMojo.UP_TO_DATE);

        log.lines.clear();
        Files.copy(IT.resolve("up-to-date/src/main/bpf-v2/lib.o"), basedir.resolve("src/main/bpf/lib.o"),
                StandardCopyOption.REPLACE_EXISTING);
        mojo.execute();
        assertThat(log.lines).doesNotContain("INFO " + LinkMojo.UP_TO_DATE)
                .contains("INFO ebld: linking 2 input(s) into " + mojo.output.toPath());
    }

    @Test
    void changedParameterRelinks() throws Exception {
        copyObjects("link-ok/src/main/bpf");
        mojo.execute();
        log.lines.clear();
        mojo.mapFile = basedir.resolve("target/ebld/link.map").toFile();
        mojo.execute();
        assertThat(log.lines).doesNotContain("INFO " + LinkMojo.UP_TO_DATE);
        assertThat(mojo.mapFile).isFile();
    }

    @Test
    void duplicateSymbolFailsNamingBothDefinitions() throws Exception {
        copyObjects("duplicate-symbol/src/main/bpf");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("ebld: link failed")
                .hasMessageContaining("ebld_it_twice")
                .hasMessageContaining("first.o")
                .hasMessageContaining("second.o");
        assertThat(log.lines).anyMatch(l -> l.startsWith("ERROR ") && l.contains("ebld_it_twice"));
        assertThat(mojo.stampFile).doesNotExist();
        assertThat(mojo.output).doesNotExist();
    }

    @Test
    void attachAddsTheOutputWithClassifierBpf() throws Exception {
        copyObjects("link-ok/src/main/bpf");
        mojo.attach = true;
        mojo.execute();
        mojo.execute(); // attached again when up to date: every build must carry the artifact
        String expected = "o bpf " + mojo.output;
        assertThat(attached).containsExactly(expected, expected);
    }

    private void copyObjects(String from) throws IOException {
        Path to = basedir.resolve("src/main/bpf");
        Files.createDirectories(to);
        try (var files = Files.list(IT.resolve(from))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    /** Records attachArtifact(project, type, classifier, file) as "type classifier file". */
    private static final class RecordingHelper implements MavenProjectHelper {
        private final List<String> attached;

        RecordingHelper(List<String> attached) {
            this.attached = attached;
        }

        @Override
        public void attachArtifact(MavenProject project, File file, String classifier) {
            attached.add("- " + classifier + " " + file);
        }

        @Override
        public void attachArtifact(MavenProject project, String type, File file) {
            attached.add(type + " - " + file);
        }

        @Override
        public void attachArtifact(MavenProject project, String type, String classifier, File file) {
            attached.add(type + " " + classifier + " " + file);
        }

        @Override
        public void addResource(MavenProject project, String dir, List<String> includes, List<String> excludes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addTestResource(MavenProject project, String dir, List<String> includes, List<String> excludes) {
            throw new UnsupportedOperationException();
        }
    }
}
