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
assert log.contains('[INFO] netc: 2 networks, 2 files written, 0 removed')
assert log.contains('BUILD SUCCESS')
return true
