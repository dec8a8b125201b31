// basic: mlp.net at the top of src/main/net becomes the default-package class Mlp, which App uses.
import java.nio.charset.StandardCharsets

File generated = new File(basedir, 'target/generated-sources/netc/Mlp.java')
assert generated.isFile() : "expected the generated source at ${generated}"
String source = generated.getText('UTF-8')
assert source.contains('@Generated(') : 'the generated class is marked @Generated'
assert source.contains('public final class Mlp') : source
assert !(source =~ /(?m)^package\s/) : 'a .net file at the top of src/main/net gives a class in the default package'
assert source.contains('from mlp.net') : 'the class names the .net file it comes from'

// The generated source root was added to the compile: the class and the code using it compiled.
assert new File(basedir, 'target/classes/Mlp.class').isFile()
assert new File(basedir, 'target/classes/App.class').isFile()
assert new File(basedir, 'target/basic-1.0.jar').isFile()

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[INFO] netc: 1 network, 1 file written, 0 removed') : 'the summary line of netc:generate'
assert log.contains('BUILD SUCCESS')
// No weights directive: nothing to bundle, so no generated resources.
assert !new File(basedir, 'target/generated-resources/netc').exists() ||
        new File(basedir, 'target/generated-resources/netc').listFiles().length == 0
return true
