// Checks: the link ran on JDK 17, its output is in the jar, the attached bpf artifact was
// installed, and (where the kernel is at hand) the kernel loads the linked object.
import java.util.jar.JarFile
import java.util.concurrent.TimeUnit

def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
assert buildLog.contains('ebld: linking 2 input(s)')

def output = new File(basedir, 'target/classes/bpf/link-ok.bpf.o')
assert output.isFile()
def elf = output.bytes
assert elf.length > 64 && elf[0] == 0x7f && new String(elf, 1, 3, 'US-ASCII') == 'ELF'
assert new File(basedir, 'target/ebld/link.map').isFile() : 'mapFile was not written'

def jar = new JarFile(new File(basedir, 'target/link-ok-1.0.jar'))
try {
    def entry = jar.getEntry('bpf/link-ok.bpf.o')
    assert entry != null : 'bpf/link-ok.bpf.o is not in the jar'
    assert entry.size == output.length()
} finally {
    jar.close()
}

def attached = new File(localRepositoryPath, 'dev/ebld/it/link-ok/1.0/link-ok-1.0-bpf.o')
assert attached.isFile() : "attached artifact not installed: $attached"
assert attached.bytes == elf

// The real kernel is the judge of the linked object where we can ask it.
def bpftool = ['/usr/sbin/bpftool', '/usr/bin/bpftool', '/sbin/bpftool']
        .collect { new File(it) }.find { it.canExecute() }
def bpffs = new File('/sys/fs/bpf')
def mounts = new File('/proc/mounts')
def bpffsMounted = mounts.canRead() && mounts.readLines().any { it.split(' ')[1..2] == ['/sys/fs/bpf', 'bpf'] }
def root = 'id -u'.execute().text.trim() == '0'
if (bpftool == null || !bpffsMounted || !root) {
    println "SKIPPED kernel load: bpftool=${bpftool}, bpffs mounted at /sys/fs/bpf=${bpffsMounted}, root=${root}"
    return true
}
def run = { List<String> args ->
    def proc = ([bpftool.path] + args).execute()
    def out = new StringBuilder(), err = new StringBuilder()
    def readers = [proc.consumeProcessOutputStream(out), proc.consumeProcessErrorStream(err)]
    assert proc.waitFor(60, TimeUnit.SECONDS) : "bpftool $args did not finish in 60 s"
    readers*.join() // the output is complete only once its reader threads are done
    assert proc.exitValue() == 0 : "bpftool $args failed:\n$out\n$err"
    return out.toString() + err.toString()
}
def pinDir = new File(bpffs, "ebld-it-link-ok-${ProcessHandle.current().pid()}")
try {
    run(['prog', 'loadall', output.path, pinDir.path])
    def prog = new File(pinDir, 'ebld_it_xdp')
    assert prog.exists() : "program not pinned: ${pinDir.list()}"
    println "kernel loaded the linked object: ${pinDir.list()}"
    // The verdict comes from lib.o's ebld_it_verdict: packets over 64 bytes pass (XDP_PASS = 2),
    // shorter ones drop (XDP_DROP = 1). Right answers mean the cross-object call was linked right.
    [100: 2, 20: 1].each { size, expected ->
        def packet = new File(basedir, "target/packet-${size}.bin")
        packet.bytes = new byte[size]
        def result = run(['prog', 'run', 'pinned', prog.path, 'data_in', packet.path])
        assert result =~ /Return value: $expected\b/ : "packet of $size bytes: $result"
        println "kernel ran the linked program on $size bytes: ${result.trim()}"
    }
} finally {
    ['rm', '-rf', pinDir.path].execute().waitFor()
}
return true
