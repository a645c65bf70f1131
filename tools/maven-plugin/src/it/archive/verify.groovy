// Archive members are pulled on demand, or all of them with wholeArchive; each execution keeps
// its own stamp, so a second build skips both.
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
def events = buildLog.readLines().collect { line ->
    line.contains('ebld: linking 2 input(s)') ? 'link'
            : line.contains('ebld: link is up to date, skipping') ? 'skip' : null
}.findAll { it != null }
assert events == ['link', 'link', 'skip', 'skip'] : "runs did: $events"

def text = { String name -> new String(new File(basedir, "target/classes/bpf/$name").bytes, 'ISO-8859-1') }
def selective = text('selective.bpf.o')
def whole = text('whole.bpf.o')
assert selective.contains('ebld_it_verdict') && whole.contains('ebld_it_verdict')
assert !selective.contains('ebld_it_unused_member') : 'an unreferenced member was linked without wholeArchive'
assert whole.contains('ebld_it_unused_member') : 'wholeArchive did not link every member'
assert new File(basedir, 'target/ebld/link-selective.stamp').isFile()
assert new File(basedir, 'target/ebld/link-whole.stamp').isFile()
return true
