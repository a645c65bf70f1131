// prog.o calls ebld_it_verdict, which only the zstd-compressed lib.o.zst defines: with
// noUndefined the link succeeds only if the plugin decompressed it.
def buildLog = new File(basedir, 'build.log').text
assert buildLog =~ /ebld: running on Java 17[.\s]/ : 'the plugin did not run on JDK 17'
assert buildLog.contains('ebld: linking 2 input(s)')
assert !buildLog.contains('zstd-compressed inputs are not supported')
def linked = new String(new File(basedir, 'target/classes/bpf/zstd-input.bpf.o').bytes, 'ISO-8859-1')
assert linked.startsWith('\u007fELF') && linked.contains('ebld_it_verdict')
return true
