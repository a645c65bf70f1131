// With noUndefined, the link fails and lists every place that references the missing function:
// both calls in alpha.o's xdp section (offsets 0x10 and 0x40, its two programs) and beta.o's
// call at 0x8 (see llvm-readelf-19 -r on the objects).
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
assert buildLog.contains('BUILD FAILURE')
assert buildLog.contains('ebld: link failed')
def failure = buildLog.substring(buildLog.indexOf('ebld: link failed'))
assert failure.contains('ebld_it_missing') : 'symbol not named'
['alpha.o:(xdp+0x10)', 'alpha.o:(xdp+0x40)', 'beta.o:(xdp+0x8)'].each { where ->
    assert failure.contains(where) : "reference $where not listed in the failure"
    assert buildLog.readLines().any { it.startsWith('[ERROR]') && it.contains(where) } : "$where not logged"
}
assert !new File(basedir, 'target/ebld/link.stamp').exists() : 'failed link left a stamp'
return true
