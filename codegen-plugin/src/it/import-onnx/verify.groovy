// import-onnx: netc:import turns src/main/onnx/com/acme/iris/iris_mlp.onnx (a PyTorch-style export:
// Gemm with transB=1, Relu, Gemm, Softmax) into src/main/net/com/acme/iris/iris_mlp.net and .npz;
// netc:generate makes com.acme.iris.IrisMlp of them, and its prediction equals ONNX Runtime's.
File net = new File(basedir, 'src/main/net/com/acme/iris/iris_mlp.net')
File npz = new File(basedir, 'src/main/net/com/acme/iris/iris_mlp.npz')
assert net.isFile() : 'the .net file is written into the generate goal\'s source folder, package folders kept'
assert npz.isFile()
String text = net.getText('UTF-8')
assert text.contains('network IrisMlp;')
assert text.contains('input 4;')
assert text.contains('precision float;')
assert text.contains('weights "iris_mlp.npz";')
assert text.contains('dense 4 -> 8 relu name=fc1;') : text
assert text.contains('dense 8 -> 3 softmax name=fc2;') : text

File generated = new File(basedir, 'target/generated-sources/netc/com/acme/iris/IrisMlp.java')
assert generated.isFile()
assert generated.getText('UTF-8') =~ /public static IrisMlp pretrained\(\)/
assert new File(basedir, 'target/classes/com/acme/iris/IrisMlp.npz').isFile() : 'the weights are bundled'

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('netc: imported iris_mlp.onnx as IrisMlp')
assert log.contains('netc: 1 ONNX file imported')
assert log.contains('BUILD SUCCESS')

// ONNX Runtime 1.20 on the original file, input [[5.1, 3.5, 1.4, 0.2]]:
double[] onnxRuntime = [0.09120751172304153d, 0.14865180850028992d, 0.7601407170295715d]
def printed = (log =~ /(?m)^prediction: \[([^\]]*)\]\s*$/)
assert printed.find() : 'App printed its prediction during the build (exec:java)'
double[] java = printed.group(1).split(',').collect { it.trim() as double }
assert java.length == onnxRuntime.length
for (int i = 0; i < java.length; i++) {
    assert Math.abs(java[i] - onnxRuntime[i]) <= 1e-6 : "output ${i}: netc ${java[i]}, ONNX Runtime ${onnxRuntime[i]}"
}
return true
