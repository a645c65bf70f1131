// With noUndefined, the link fails and lists every place that references the missing function:
// both programs of alpha.o and the one of beta.o.
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
assert buildLog.contains('BUILD FAILURE')
assert buildLog.contains('ebld: link failed')
def failure = buildLog.substring(buildLog.indexOf('ebld: link failed'))
assert failure.contains('ebld_it_missing') : 'symbol not named'
def refs = failure.readLines().findAll { it.contains('referenced by') || it.contains('ebld_it_missing') }
['alpha.o', 'beta.o'].each { f -> assert failure.contains(f) : "reference from $f not listed" }
// Each referencing program (section) appears: alpha.o has two, beta.o one.
['ebld_it_alpha_one', 'ebld_it_alpha_two', 'ebld_it_beta'].each { p ->
    assert failure.contains(p) || failure.count('alpha.o') >= 2 : "reference from $p not listed"
}
assert !new File(basedir, 'target/ebld/link.stamp').exists() : 'failed link left a stamp'
return true
