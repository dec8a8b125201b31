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
// Mlp.java, target/netc/Mlp.txt (the summary table) and target/netc/Mlp.svg (the diagram).
assert log.contains('[INFO] netc: 1 network, 3 files written, 0 removed') : 'the summary line of netc:generate'

// A one-line summary of the new network, with where its table and diagram are. Worked out by hand:
// dense 4 -> 8: 4*8 + 8 = 40 params, 2*4*8 + 8 = 72 FLOPs; dense 8 -> 3: 8*3 + 3 = 27 params,
// 2*8*3 + 3 = 51 FLOPs; 67 params as floats = 268 bytes; 123 FLOPs per sample.
String sep = File.separator
assert log.contains("[INFO] netc: Mlp: 4 -> 8 -> 3, 2 layers, 67 params (268.00 B, float), 123 FLOPs per sample" +
        " (summary: target${sep}netc${sep}Mlp.txt, diagram: target${sep}netc${sep}Mlp.svg)") : 'the network\'s line in the log'

// The summary table: a row per layer, the input first, then the totals.
File summary = new File(basedir, 'target/netc/Mlp.txt')
assert summary.isFile() : "expected the summary at ${summary}"
List<String> table = summary.getText('UTF-8').readLines()
assert table[0] == 'Model: "Mlp"'
assert table.contains(' Layer (type)         Output Shape   Activation   Param #   Weight shapes')
assert table.contains(' input (InputLayer)   (None, 4)      -                  0')
assert table.contains(' dense_0 (Dense)      (None, 8)      relu              40   (4, 8) + (8,)')
assert table.contains(' dense_1 (Dense)      (None, 3)      softmax           27   (8, 3) + (3,)')
assert table.contains('Total params: 67 (268.00 B)')
assert table.contains('Weight memory: 268 bytes (float, 4 bytes per value)')
assert table.contains('FLOPs per sample: 123')

// The diagram: well-formed SVG with a box for the input and one per layer, each with its texts.
File diagram = new File(basedir, 'target/netc/Mlp.svg')
assert diagram.isFile() : "expected the diagram at ${diagram}"
def svg = new groovy.xml.XmlSlurper().parse(diagram)
assert svg.name() == 'svg' && svg.namespaceURI() == 'http://www.w3.org/2000/svg'
def boxes = svg.'**'.findAll { it.name() == 'g' && it.@class == 'layer' }
assert boxes.size() == 3
assert boxes[0].text().contains('input') && boxes[0].text().contains('(None, 4)')
assert boxes[1].'*'.findAll { it.name() == 'text' }*.text() ==
        ['dense_0', 'Dense', 'output', '(None, 8)', 'activation', 'relu', 'params', '40 (4×8 + 8)']
assert boxes[2].'*'.findAll { it.name() == 'text' }*.text() ==
        ['dense_1', 'Dense', 'output', '(None, 3)', 'activation', 'softmax', 'params', '27 (8×3 + 3)']
assert svg.'**'.findAll { it.name() == 'path' && it.@class == 'edge' }.size() == 2 : 'an arrow between each pair of boxes'
assert log.contains('BUILD SUCCESS')
// No weights directive: nothing to bundle, so no generated resources.
assert !new File(basedir, 'target/generated-resources/netc').exists() ||
        new File(basedir, 'target/generated-resources/netc').listFiles().length == 0
return true
