// The link fails, and Maven's failure names the symbol and both defining objects.
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
assert buildLog.contains('BUILD FAILURE')
assert buildLog.contains('ebld: link failed')
def failure = buildLog.substring(buildLog.indexOf('ebld: link failed'))
assert failure.contains('ebld_it_twice') : 'symbol not named'
assert failure.contains('first.o') && failure.contains('second.o') : 'both definitions must be named'
assert buildLog =~ /\[ERROR\] .*first\.o.*ebld_it_twice|\[ERROR\] .*ebld_it_twice.*first\.o/ : 'diagnostic not in the Maven log'
assert !new File(basedir, 'target/classes/bpf/duplicate-symbol.bpf.o').exists() : 'failed link left an output'
assert !new File(basedir, 'target/ebld/link.stamp').exists() : 'failed link left a stamp'
return true
