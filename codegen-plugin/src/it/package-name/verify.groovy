// package-name: <packageName>org.example.nets</packageName> overrides the folders below src/main/net.
File out = new File(basedir, 'target/generated-sources/netc')

def generated = []
out.eachFileRecurse(groovy.io.FileType.FILES) { generated << out.toPath().relativize(it.toPath()).toString().replace('\\', '/') }
assert generated.sort() == ['org/example/nets/Decoder.java', 'org/example/nets/Encoder.java'] :
        'both files, the top-level one and the one in legacy/experiments, go to the configured package'
assert !new File(out, 'legacy').exists() : 'no folder-derived package when <packageName> is set'

for (name in ['Encoder', 'Decoder']) {
    String source = new File(out, "org/example/nets/${name}.java").getText('UTF-8')
    assert source =~ /(?m)^package org\.example\.nets;$/
    assert source.contains("public final class ${name}")
    assert new File(basedir, "target/classes/org/example/nets/${name}.class").isFile()
}
assert new File(basedir, 'target/classes/org/example/app/App.class').isFile()

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[INFO] netc: 2 networks, 6 files written, 0 removed') : 'two classes, two summaries, two diagrams'
assert new File(basedir, 'target/netc/Encoder.txt').isFile() && new File(basedir, 'target/netc/Decoder.svg').isFile()
assert log.contains('BUILD SUCCESS')
return true
