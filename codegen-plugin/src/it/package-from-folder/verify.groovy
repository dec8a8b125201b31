// package-from-folder: src/main/net/com/acme/models/*.net become classes in package com.acme.models.
File out = new File(basedir, 'target/generated-sources/netc')

File iris = new File(out, 'com/acme/models/IrisClassifier.java')
assert iris.isFile() : "iris_classifier.net gives IrisClassifier at ${iris}"
String irisSource = iris.getText('UTF-8')
assert irisSource =~ /(?m)^package com\.acme\.models;$/
assert irisSource.contains('public final class IrisClassifier')
assert irisSource.contains('@Generated(')

File custom = new File(out, 'com/acme/models/Custom.java')
assert custom.isFile() : "'network Custom;' names the class Custom, at ${custom}"
String customSource = custom.getText('UTF-8')
assert customSource =~ /(?m)^package com\.acme\.models;$/
assert customSource.contains('public final class Custom')
assert !new File(out, 'com/acme/models/ExperimentalHead.java').exists() : 'the directive replaces the file-name default'

// Exactly these two files were generated, nowhere else.
def generated = []
out.eachFileRecurse(groovy.io.FileType.FILES) { generated << out.toPath().relativize(it.toPath()).toString().replace('\\', '/') }
assert generated.sort() == ['com/acme/models/Custom.java', 'com/acme/models/IrisClassifier.java']

// Both compiled, and so did the code that imports them.
assert new File(basedir, 'target/classes/com/acme/models/IrisClassifier.class').isFile()
assert new File(basedir, 'target/classes/com/acme/models/Custom.class').isFile()
assert new File(basedir, 'target/classes/com/acme/app/App.class').isFile()

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[INFO] netc: 2 networks, 6 files written, 0 removed') : 'two classes, two summaries, two diagrams'

// Summaries and diagrams are named after the classes, whatever their package.
for (name in ['IrisClassifier', 'Custom']) {
    assert new File(basedir, "target/netc/${name}.txt").isFile()
    assert new File(basedir, "target/netc/${name}.svg").isFile()
}
// iris_classifier.net: 4*16 + 16 = 80 and 16*3 + 3 = 51 params; 131 floats = 524 bytes;
// FLOPs 2*4*16 + 16 = 144 and 2*16*3 + 3 = 99, 243 in all.
String irisSummary = new File(basedir, 'target/netc/IrisClassifier.txt').getText('UTF-8')
assert irisSummary.contains(' hidden (Dense)') && irisSummary.contains('Total params: 131 (524.00 B)') && irisSummary.contains('FLOPs per sample: 243')
assert log.contains('BUILD SUCCESS')
return true
