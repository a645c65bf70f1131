// Follows README.md's "Maven" section as a user would, after `mvn install` in the checkout (here:
// the invoker plugin's install into the isolated localRepositoryPath, never ~/.m2): a new project
// in a temporary directory outside the checkout, whose pom.xml holds exactly the README's
// <plugin> block, built with `mvn package` against the installed plugin.
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import java.util.jar.JarFile

def readme = new File(checkoutDir, 'README.md').text
def section = readme.indexOf('\n## Maven\n')
assert section >= 0 : 'README.md has no "## Maven" section'
def open = readme.indexOf('```xml\n', section)
def close = readme.indexOf('\n```', open + 7)
assert open > 0 && close > open : 'no ```xml block in the "## Maven" section'
def snippet = readme.substring(open + 7, close)
assert snippet.startsWith('<plugin>') && snippet.endsWith('</plugin>') : "not a <plugin> block:\n$snippet"

def root = Files.createTempDirectory('ebld-readme-').toFile()
def checkout = new File(checkoutDir).canonicalFile
assert !root.canonicalPath.startsWith(checkout.path + File.separator) : "$root is inside the checkout"
try {
    def project = new File(root, 'my-bpf-app')
    // The files the block names: objects in src/main/bpf/ and its example lib/libcommon.a
    // (libit.a of the archive IT: the member defining ebld_it_verdict, and an unused one).
    def files = new File(basedir, 'project').toPath()
    Files.walk(files).filter { Files.isRegularFile(it) }.forEach { f ->
        def to = project.toPath().resolve(files.relativize(f).toString())
        Files.createDirectories(to.parent)
        Files.copy(f, to)
    }
    new File(project, 'pom.xml').text = '''<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>my-bpf-app</artifactId>
  <version>1.0</version>
  <build>
    <plugins>
''' + snippet + '''
    </plugins>
  </build>
</project>
'''
    // Maven's own plugins (resources, compiler, jar ...) come from the outer build's local
    // repository, read as a file: repository for releases only, so no network is needed; the
    // ebld plugin (a SNAPSHOT) can only come from the isolated repository the invoker plugin
    // installed it into.
    def outer = new File(outerRepository).toURI().toString()
    def repo = "<id>outer</id><url>$outer</url><snapshots><enabled>false</enabled></snapshots>"
    def settings = new File(root, 'settings.xml')
    settings.text = """<settings><profiles><profile><id>outer</id>
<activation><activeByDefault>true</activeByDefault></activation>
<repositories><repository>$repo</repository></repositories>
<pluginRepositories><pluginRepository>$repo</pluginRepository></pluginRepositories>
</profile></profiles></settings>"""
    def log = new File(basedir, 'outside-build.log')
    def pb = new ProcessBuilder(new File(mavenHome, 'bin/mvn').path, '-B', '-s', settings.path,
            "-Dmaven.repo.local=$localRepositoryPath", 'package')
            .directory(project).redirectErrorStream(true).redirectOutput(log)
    pb.environment().put('JAVA_HOME', itJavaHome)
    pb.environment().put('MAVEN_OPTS', '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC')
    def proc = pb.start()
    assert proc.waitFor(300, TimeUnit.SECONDS) : 'mvn package outside the checkout did not finish in 300 s'
    def out = log.text
    assert proc.exitValue() == 0 : "mvn package outside the checkout failed:\n$out"
    assert out =~ /ebld: linking \d+ input\(s\)/

    def linked = new File(project, 'target/classes/bpf/my-bpf-app.bpf.o')
    assert linked.isFile() : 'the default output was not written'
    def text = new String(linked.bytes, 'ISO-8859-1')
    assert text.startsWith('\u007fELF')
    assert text.contains('ebld_it_verdict') : 'the archive member the program needs was not pulled'
    assert !text.contains('ebld_it_unused_member') : 'an unneeded archive member was linked'
    assert new File(project, 'target/ebld/link.map').isFile() : 'the example mapFile was not written'
    def jar = new JarFile(new File(project, 'target/my-bpf-app-1.0.jar'))
    try {
        assert jar.getEntry('bpf/my-bpf-app.bpf.o') != null : 'the linked object is not in the jar'
    } finally {
        jar.close()
    }
    println "outside-the-checkout build of the README's plugin block: ok ($project)"
} finally {
    root.deleteDir()
}
return true
