// deleted-source: after old_model.net is deleted, the next build removes the class and the bundled
// weights generated from it (and the folders they leave empty), and keeps everything else.
String log = new File(basedir, 'build.log').getText('UTF-8')
List<String> builds = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.)/).findAll { it.contains('Scanning for projects') }
assert builds.size() == 2 : "expected the logs of two builds, found ${builds.size()}"
String first = builds[0], second = builds[1]

// First build: Scorer.java, OldModel.java and OldModel.npz, and a summary and diagram of each.
assert first.contains('[INFO] netc: 2 networks, 7 files written, 0 removed')
assert first.contains('BUILD SUCCESS')
// Second build: the source is gone (deleted by the clean execution), and so are its four outputs.
assert !new File(basedir, 'src/main/net/com/acme/retired').exists() : 'the second build starts by deleting the folder'
assert second.contains('[INFO] netc: 1 network, 0 files written, 4 removed (1 unchanged, ') : 'Scorer is skipped'
assert !second.contains('[INFO] netc: Scorer:') : 'no line for a network whose outputs did not change'
assert second.contains('BUILD SUCCESS')

File sources = new File(basedir, 'target/generated-sources/netc')
File resources = new File(basedir, 'target/generated-resources/netc')
assert !new File(sources, 'com/acme/retired/OldModel.java').exists()
assert !new File(resources, 'com/acme/retired/OldModel.npz').exists()
assert !new File(sources, 'com/acme/retired').exists() : 'the emptied package folder is removed'
assert !new File(resources, 'com/acme/retired').exists() : 'the emptied resource folder is removed'
assert resources.isDirectory() : 'the output roots themselves stay'

// The summary and diagram of the removed network went with it; the other network's stay.
File reports = new File(basedir, 'target/netc')
assert !new File(reports, 'OldModel.txt').exists()
assert !new File(reports, 'OldModel.svg').exists()
assert new File(reports, 'Scorer.txt').isFile()
assert new File(reports, 'Scorer.svg').isFile()

// The other network is untouched.
File scorer = new File(sources, 'com/acme/keep/Scorer.java')
assert scorer.isFile()
assert new File(basedir, 'target/classes/com/acme/keep/Scorer.class').isFile()
def left = []
sources.eachFileRecurse(groovy.io.FileType.FILES) { left << sources.toPath().relativize(it.toPath()).toString().replace('\\', '/') }
assert left == ['com/acme/keep/Scorer.java']
return true
