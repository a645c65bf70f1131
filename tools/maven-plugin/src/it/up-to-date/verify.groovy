// Four runs log into one build.log: link, skip, relink after lib.o changed, relink after clean.
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
def events = buildLog.readLines().collect { line ->
    line.contains('ebld: linking 2 input(s)') ? 'link'
            : line.contains('ebld: link is up to date, skipping') ? 'skip' : null
}.findAll { it != null }
assert events == ['link', 'skip', 'link', 'link'] : "runs did: $events"

// The last two links used the replaced lib.o, whose marker global is in the output.
def output = new File(basedir, 'target/classes/bpf/up-to-date.bpf.o')
assert output.isFile()
assert new String(output.bytes, 'ISO-8859-1').contains('ebld_it_relinked_marker') : 'relink did not use the new input'
def stamp = new File(basedir, 'target/ebld/link.stamp').text
assert stamp =~ /(?m)^plugin \S+ [0-9a-f]{64}$/ : "stamp lacks the plugin's jars:\n$stamp"
assert stamp =~ /(?m)^input [0-9a-f]{64} - \S+lib\.o$/ : "stamp lacks lib.o's hash:\n$stamp"
return true
