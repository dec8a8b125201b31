// weights-bundled: 'weights "tiny.npz";' bundles the file as TinyClassifier.npz next to the class,
// pretrained() loads it, and the prediction equals NumPy's for the same weights and input.
import java.nio.file.Files
import java.util.zip.ZipFile

File npz = new File(basedir, 'src/main/net/com/acme/tiny/tiny.npz')
File generated = new File(basedir, 'target/generated-sources/netc/com/acme/tiny/TinyClassifier.java')
assert generated.isFile()
String source = generated.getText('UTF-8')
assert source =~ /public static TinyClassifier pretrained\(\)/ : 'a weights directive gives a pretrained() factory'
assert source =~ /public double\[\] predict\(double\[\] \w+\)/ : "'precision double' makes predict take and return double[]"

// Bundled under the class's name, in the class's package, with the file's exact bytes.
File bundled = new File(basedir, 'target/generated-resources/netc/com/acme/tiny/TinyClassifier.npz')
assert bundled.isFile()
assert Files.mismatch(bundled.toPath(), npz.toPath()) == -1L
File onClasspath = new File(basedir, 'target/classes/com/acme/tiny/TinyClassifier.npz')
assert onClasspath.isFile() : 'the weights are a resource next to TinyClassifier.class'
assert Files.mismatch(onClasspath.toPath(), npz.toPath()) == -1L
assert new File(basedir, 'target/classes/com/acme/tiny/TinyClassifier.class').isFile()
new ZipFile(new File(basedir, 'target/weights-bundled-1.0.jar')).withCloseable { jar ->
    assert jar.getEntry('com/acme/tiny/TinyClassifier.npz') != null : 'the jar carries the weights'
    assert jar.getEntry('com/acme/tiny/TinyClassifier.class') != null
}

String log = new File(basedir, 'build.log').getText('UTF-8')
// One .java, one .npz, the summary and the diagram.
assert log.contains('[INFO] netc: 1 network, 4 files written, 0 removed')
assert new File(basedir, 'target/netc/TinyClassifier.txt').getText('UTF-8').contains('Weight memory: 208 bytes (double, 8 bytes per value)') :
        '(3*4 + 4) + (4*2 + 2) = 26 doubles, 208 bytes'
assert log.contains('BUILD SUCCESS')

// NumPy, same weights and input:
//   x = np.array([[0.5, -1.0, 2.0]])
//   z = np.tanh(x @ W1 + b1) @ W2 + b2; z -= z.max(axis=1, keepdims=True)
//   p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)   # [[0.6209096226668164, 0.37909037733318357]]
double[] numpy = [0.6209096226668164d, 0.37909037733318357d]
def printed = (log =~ /(?m)^prediction: \[([^\]]*)\]\s*$/)
assert printed.find() : 'App printed its prediction during the build (exec:java)'
double[] java = printed.group(1).split(',').collect { it.trim() as double }
assert java.length == numpy.length
for (int i = 0; i < numpy.length; i++) {
    assert Math.abs(java[i] - numpy[i]) <= 1e-12 : "output ${i}: Java ${java[i]}, NumPy ${numpy[i]}"
}
return true
