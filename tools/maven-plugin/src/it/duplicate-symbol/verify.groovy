// The link fails; the Maven log and Maven's failure message both name the symbol and the two
// objects that define it.
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
assert buildLog.contains('BUILD FAILURE')
assert buildLog.contains('ebld: link failed')
def failure = buildLog.substring(buildLog.indexOf('ebld: link failed'))
def expected = [
        ~/second\.o:\(\.text\+0x0\): error: duplicate symbol: ebld_it_twice/,
        ~/>>> defined in \S*first\.o:\(\.text\+0x0\)/,
        ~/>>> defined in \S*second\.o:\(\.text\+0x0\)/,
]
def before = buildLog.substring(0, buildLog.indexOf('ebld: link failed')).readLines()
expected.each { p ->
    assert failure =~ p : "failure message lacks $p"
    assert before.any { it.startsWith('[ERROR] ') && it =~ p } : "Maven log lacks [ERROR] $p"
}
assert !new File(basedir, 'target/classes/bpf/duplicate-symbol.bpf.o').exists() : 'failed link left an output'
assert !new File(basedir, 'target/ebld/link.stamp').exists() : 'failed link left a stamp'
return true
