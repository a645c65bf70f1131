// Checks: ebld:link ran before ebld:verify, which judged the linked object's one program and
// accepted it (the call into lib.o was linked, so the global function verifies too).
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
def link = buildLog.indexOf('ebld: linking 2 input(s)')
def verify = buildLog.indexOf('ebld: verifying ')
assert link >= 0 && verify > link : 'ebld:verify did not run after ebld:link'
assert buildLog.contains('verify-ok.bpf.o in the simulated kernel')
assert buildLog.contains('[INFO] ebld: ebld_it_xdp accept')
assert buildLog.contains('ebld: all 1 program(s) accepted')
assert buildLog.contains('BUILD SUCCESS')
return true
