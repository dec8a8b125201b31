// rebuild-cycle: six builds of one project (see invoker.properties). target/snapshots/N holds what
// build N left behind, timestamps kept; after build 6 the live target/ is what it left.
// Every generated file is compared byte for byte and timestamp for timestamp.
import java.nio.file.Files

File target = new File(basedir, 'target')
String log = new File(basedir, 'build.log').getText('UTF-8')
List<String> builds = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.)/).findAll { it.contains('Scanning for projects') }
assert builds.size() == 6 : "expected the logs of six builds, found ${builds.size()}"

/** Every generated file of a tree (as the snapshots copy them): relative path -> [bytes, timestamp]. */
Map<String, List> state(File root) {
    Map<String, List> files = new TreeMap<>()
    ['generated-sources', 'generated-resources', 'netc'].each { dir ->
        File d = new File(root, dir)
        if (d.isDirectory()) {
            d.eachFileRecurse(groovy.io.FileType.FILES) { f ->
                files[root.toPath().relativize(f.toPath()).toString().replace('\\', '/')] = [f.bytes, f.lastModified()]
            }
        }
    }
    return files
}

Map<String, List> s1 = state(new File(target, 'snapshots/1'))
Map<String, List> s2 = state(new File(target, 'snapshots/2'))
Map<String, List> s3 = state(new File(target, 'snapshots/3'))
Map<String, List> s4 = state(new File(target, 'snapshots/4'))
Map<String, List> s5 = state(new File(target, 'snapshots/5'))
Map<String, List> last = state(target)

void assertSame(Map<String, List> before, Map<String, List> after, String file, String why) {
    assert before.containsKey(file) && after.containsKey(file) : "${file} missing (${why})"
    assert Arrays.equals((byte[]) before[file][0], (byte[]) after[file][0]) : "${file} changed its bytes (${why})"
    assert before[file][1] == after[file][1] : "${file} was rewritten: timestamp ${before[file][1]} -> ${after[file][1]} (${why})"
}

void assertChanged(Map<String, List> before, Map<String, List> after, String file, String why) {
    assert before.containsKey(file) && after.containsKey(file) : "${file} missing (${why})"
    assert !Arrays.equals((byte[]) before[file][0], (byte[]) after[file][0]) : "${file} should have changed (${why})"
}

String src = 'generated-sources/netc/com/acme/'
String res = 'generated-resources/netc/com/acme/'
List<String> firstFiles = [src + 'Alpha.java', src + 'Beta.java', res + 'Beta.npz', 'netc/Alpha.txt', 'netc/Alpha.svg',
        'netc/Beta.txt', 'netc/Beta.svg', 'netc/generate-default.files', 'netc/generate-default.state']
assert s1.keySet() == firstFiles.toSet() : s1.keySet()
assert builds[0].contains('[INFO] netc: 2 networks, 7 files written, 0 removed')

// Build 2, nothing changed: every file keeps its bytes and its timestamp (the build state too); javac has
// nothing to do; neither file was even read again.
assert s2.keySet() == s1.keySet()
s1.keySet().each { assertSame(s1, s2, it, 'build 2 changed nothing') }
assert builds[1] =~ /\[INFO\] netc: 2 networks, nothing changed \(\d+ ms\)/
assert builds[1].contains('Nothing to compile - all classes are up to date')

// Build 3, beta.net edited (a sigmoid added): Beta's class, summary and diagram change, nothing else is
// touched - not Alpha's files, not the bundled weights, not the manifest.
assert s3.keySet() == s2.keySet()
[src + 'Beta.java', 'netc/Beta.txt', 'netc/Beta.svg'].each { assertChanged(s2, s3, it, 'beta.net was edited') }
[src + 'Alpha.java', 'netc/Alpha.txt', 'netc/Alpha.svg', res + 'Beta.npz', 'netc/generate-default.files'].each {
    assertSame(s2, s3, it, 'only beta.net was edited')
}
assert builds[2].contains('[INFO] netc: 2 networks, 3 files written, 0 removed (1 unchanged, ')
assert new String((byte[]) s3[src + 'Beta.java'][0], 'UTF-8').contains('Activations.sigmoid')

// Build 4, 'network Alpha;' renamed to 'network Gamma;': no stale Alpha anywhere, Beta untouched.
assert s4.keySet() == (s3.keySet() - [src + 'Alpha.java', 'netc/Alpha.txt', 'netc/Alpha.svg']
        + [src + 'Gamma.java', 'netc/Gamma.txt', 'netc/Gamma.svg']).toSet() : s4.keySet()
[src + 'Beta.java', 'netc/Beta.txt', 'netc/Beta.svg', res + 'Beta.npz'].each { assertSame(s3, s4, it, 'only alpha.net changed') }
assert builds[3].contains('[INFO] netc: 2 networks, 3 files written, 3 removed')
assert new String((byte[]) s4[src + 'Gamma.java'][0], 'UTF-8').contains('public final class Gamma')

// Build 5, <packageName>org.other</packageName>: every class and the weights move; nothing stays behind
// in the old package; summaries and diagrams (named by class) keep their bytes and timestamps.
String other = 'generated-sources/netc/org/other/'
String otherRes = 'generated-resources/netc/org/other/'
assert s5.keySet() == [other + 'Gamma.java', other + 'Beta.java', otherRes + 'Beta.npz', 'netc/Gamma.txt',
        'netc/Gamma.svg', 'netc/Beta.txt', 'netc/Beta.svg', 'netc/generate-default.files',
        'netc/generate-default.state'].toSet() : s5.keySet()
assert !new File(target, 'snapshots/5/generated-sources/netc/com').exists() : 'the emptied package folders are removed'
assert !new File(target, 'snapshots/5/generated-resources/netc/com').exists()
['netc/Gamma.txt', 'netc/Gamma.svg', 'netc/Beta.txt', 'netc/Beta.svg'].each { assertSame(s4, s5, it, 'the package does not change them') }
assert new String((byte[]) s5[other + 'Gamma.java'][0], 'UTF-8').startsWith('package org.other;')
assert Arrays.equals((byte[]) s5[otherRes + 'Beta.npz'][0], (byte[]) s4[res + 'Beta.npz'][0])
assert builds[4].contains('[INFO] netc: 2 networks, 3 files written, 3 removed (0 unchanged, ') : 'another configuration checks every file'

// Build 6, beta.net broken ('sigmoidd'): the build fails, naming the error, and changes nothing at all:
// the last good outputs stay, byte for byte and timestamp for timestamp, and no temporary file is left.
assert builds[5].contains('BUILD FAILURE')
String beta = new File(basedir, 'src/main/net/com/acme/beta.net').toPath().toAbsolutePath().normalize().toString()
assert builds[5].contains("[ERROR] ${beta}:3:14: error: unknown activation 'sigmoidd'; did you mean 'sigmoid'?")
assert last.keySet() == s5.keySet()
s5.keySet().each { assertSame(s5, last, it, 'a failed build changes nothing') }
List<String> leftovers = []
target.eachFileRecurse(groovy.io.FileType.FILES) { if (it.name.endsWith('.tmp')) leftovers << it.path }
assert leftovers.isEmpty() : "temporary files left behind: ${leftovers}"

// Generated files are readable by others, as files any tool writes (not the 0600 of a temporary file).
if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains('posix')) {
    def perms = Files.getPosixFilePermissions(new File(target, other + 'Gamma.java').toPath())
    def plain = Files.getPosixFilePermissions(new File(basedir, 'pom.xml').toPath())
    assert perms == plain : "Gamma.java has ${perms}, the pom ${plain}"
}
return true
