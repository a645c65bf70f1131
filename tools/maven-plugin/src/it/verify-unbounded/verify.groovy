// Checks: the build fails in ebld:verify, and both the Maven log and the failure message give
// the program, where it was refused (section+offset, and the C line from .BTF.ext line_info)
// and the kernel's own message for the unchecked packet read.
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
assert buildLog.contains('BUILD FAILURE')
assert buildLog.contains('ebld: verify failed: 1 of 1 program(s) refused')
def expected = ~/ebld_it_unbounded reject: \S*verify-unbounded\.bpf\.o:\(xdp\+0x40\): \.\/unbounded\.c:14: R1 offset is outside of the packet/
def at = buildLog.indexOf('ebld: verify failed')
assert buildLog.substring(at) =~ expected : 'the failure message lacks the refusal'
assert buildLog.substring(0, at).readLines().any { it.startsWith('[ERROR] ebld: ') && it =~ expected } :
        'the Maven log lacks [ERROR] with the refusal'
return true
