// fingerprints: seven builds (see invoker.properties). A build skips the .net files of which nothing
// changed - not the file, not its weights, not its outputs, not the configuration - and says so; any
// such change regenerates what it affects.
String log = new File(basedir, 'build.log').getText('UTF-8')
List<String> builds = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.)/).findAll { it.contains('Scanning for projects') }
assert builds.size() == 7 : "expected the logs of seven builds, found ${builds.size()}"
builds.each { assert it.contains('BUILD SUCCESS') }
def nothingChanged = /\[INFO\] netc: 2 networks, nothing changed \(\d+ ms\)/

File target = new File(basedir, 'target')
String src = 'generated-sources/netc/'
String res = 'generated-resources/netc/'

// Build 1 generates everything.
assert builds[0].contains('[INFO] netc: 2 networks, 7 files written, 0 removed (0 unchanged, ')

// Build 2, nothing changed: both files skipped, and the log says so.
assert builds[1] =~ nothingChanged
assert !builds[1].contains('[INFO] netc: Alpha:') && !builds[1].contains('[INFO] netc: Beta:')
assert builds[1].contains('Nothing to compile - all classes are up to date')

// Build 3, beta.npz touched: its time changed, so its content is compared, and it is the same: still
// nothing changed, and no output was rewritten (bytes and timestamps as build 2 left them).
assert builds[2] =~ nothingChanged
File s2 = new File(target, 'snapshots/2'), s3 = new File(target, 'snapshots/3')
int compared = 0
s2.eachFileRecurse(groovy.io.FileType.FILES) { before ->
    String path = s2.toPath().relativize(before.toPath()).toString().replace('\\', '/')
    File after = new File(s3, path)
    compared++
    if (!path.endsWith('.state')) { // the state remembers beta.npz's new time
        assert after.isFile() : "${path} is gone"
        assert Arrays.equals(before.bytes, after.bytes) : "${path} changed"
        assert before.lastModified() == after.lastModified() : "${path} was rewritten by build 3"
    }
}
assert compared == 9 : 'two classes, the bundled weights, two summaries, two diagrams, the manifest, the state'

// Build 4, beta.npz given new values of the same size: Beta is checked again and its weights bundled
// again; Alpha is skipped.
assert builds[3].contains('[INFO] netc: 2 networks, 1 file written, 0 removed (1 unchanged, ') : 'the bundled Beta.npz'
assert builds[3].contains('[INFO] netc: Beta: 2 -> 1,')
assert !builds[3].contains('[INFO] netc: Alpha:')

// Build 5, <packageName>org.other</packageName>: another configuration, so every file is checked again
// and every class and the weights move.
assert builds[4].contains('[INFO] netc: 2 networks, 3 files written, 3 removed (0 unchanged, ')

// Build 6, org/other/Alpha.java deleted by hand: Alpha is regenerated, Beta skipped.
assert builds[5].contains('[INFO] netc: 2 networks, 1 file written, 0 removed (1 unchanged, ')
assert builds[5].contains('[INFO] netc: Alpha: 4 -> 8 -> 3,')

// Build 7: nothing changed again.
assert builds[6] =~ nothingChanged

assert new File(target, src + 'org/other/Alpha.java').getText('UTF-8').startsWith('package org.other;')
assert !new File(target, src + 'com').exists() : 'the old package is gone'
byte[] v2 = new File(basedir, 'weights-v2/beta.npz').bytes
assert Arrays.equals(new File(target, res + 'org/other/Beta.npz').bytes, v2) : 'the bundled weights are the new ones'
assert Arrays.equals(new File(target, 'classes/org/other/Beta.npz').bytes, v2)
assert new File(target, 'netc/generate-default.state').isFile()
return true
