// `mvn ebld:help` describes the link goal and its parameters.
def buildLog = new File(basedir, 'build.log').text
assert buildLog.contains('BUILD SUCCESS')
assert buildLog.contains('ebld:link')
['noUndefined', 'mapFile', 'attach', 'output', 'skip'].each { assert buildLog.contains(it) : "help lacks $it" }
return true
