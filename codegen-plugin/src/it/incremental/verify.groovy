// incremental: a second build with unchanged sources leaves the generated file alone (same bytes,
// same timestamp), so the compiler has nothing to redo.
String log = new File(basedir, 'build.log').getText('UTF-8')
// The invoker appends both builds to build.log; each starts with Maven's "Scanning for projects...".
List<String> builds = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.)/).findAll { it.contains('Scanning for projects') }
assert builds.size() == 2 : "expected the logs of two builds, found ${builds.size()}"
String first = builds[0], second = builds[1]

assert first.contains('[INFO] netc: 1 network, 3 files written, 0 removed') : 'Mlp.java, Mlp.txt and Mlp.svg'
assert first.contains('[INFO] netc: 1 network, 3 files written, 0 removed (0 unchanged, ')
assert second =~ /\[INFO\] netc: 1 network, nothing changed \(\d+ ms\)/ : 'the second build skips the unchanged file'
assert first.contains('[INFO] netc: Mlp: 4 -> 8 -> 3,') : 'the new network is summed up in one line'
assert !second.contains('[INFO] netc: Mlp:') : 'an unchanged network is not logged again'
assert first.contains('BUILD SUCCESS') && second.contains('BUILD SUCCESS')

// Nothing rewritten, so maven-compiler-plugin sees no stale source and recompiles nothing.
assert second.contains('Nothing to compile - all classes are up to date') :
        'the unchanged generated source must not trigger a recompilation'

File source = new File(basedir, 'target/generated-sources/netc/com/acme/models/Mlp.java')
File compiled = new File(basedir, 'target/classes/com/acme/models/Mlp.class')
assert source.isFile() && compiled.isFile()
// Mlp.class was compiled in the first build, after the source was generated; had the second build
// rewritten the source, the source would now be the newer of the two.
assert source.lastModified() <= compiled.lastModified() :
        "Mlp.java (${source.lastModified()}) was rewritten after Mlp.class (${compiled.lastModified()}) was compiled"
assert source.getText('UTF-8').contains('public final class Mlp')

// The summary and diagram were not rewritten either: both are older than the compiled class.
for (name in ['Mlp.txt', 'Mlp.svg']) {
    File report = new File(basedir, "target/netc/${name}")
    assert report.isFile()
    assert report.lastModified() <= compiled.lastModified() : "${name} was rewritten by the second build"
}
return true
