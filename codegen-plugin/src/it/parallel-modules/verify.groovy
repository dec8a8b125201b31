// parallel-modules: 'mvn -T 2' builds two modules that both use the plugin; each gets its own classes,
// summaries and diagrams, and a second parallel build rewrites nothing. Their parent, of packaging pom,
// runs the goal quietly.
String log = new File(basedir, 'build.log').getText('UTF-8')
List<String> builds = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.)/).findAll { it.contains('Scanning for projects') }
assert builds.size() == 2 : "expected the logs of two builds, found ${builds.size()}"
builds.each { build ->
    assert build.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
    assert build.contains('BUILD SUCCESS')
    assert !build.contains('[WARNING] *****') : 'Maven warns that a plugin is not marked thread-safe'
    // The parent (packaging pom) declares the plugin for its modules and has no src/main/net: no warning.
    assert !build.contains('is not a folder') : 'the parent POM was warned about its missing sourceDirectory'
}
assert builds[0].count('[INFO] netc: 1 network, 3 files written, 0 removed') == 2
assert (builds[1] =~ /\[INFO\] netc: 1 network, nothing changed \(\d+ ms\)/).count == 2

Map<String, String> modules = [scoring: 'Scorer', ranking: 'Ranker']
modules.each { module, cls ->
    File source = new File(basedir, "${module}/target/generated-sources/netc/com/acme/${module}/${cls}.java")
    File compiled = new File(basedir, "${module}/target/classes/com/acme/${module}/${cls}.class")
    assert source.isFile() && compiled.isFile()
    assert new File(basedir, "${module}/target/classes/com/acme/${module}/Use.class").isFile()
    assert source.lastModified() <= compiled.lastModified() : "${cls}.java was rewritten by the second build"
    ['txt', 'svg'].each { ext ->
        File report = new File(basedir, "${module}/target/netc/${cls}.${ext}")
        assert report.isFile() && report.lastModified() <= compiled.lastModified()
    }
    // Each module has only its own network.
    def generated = []
    new File(basedir, "${module}/target/generated-sources/netc").eachFileRecurse(groovy.io.FileType.FILES) { generated << it.name }
    assert generated == ["${cls}.java"]
}
return true
