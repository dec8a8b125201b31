// import-refused: src/main/onnx/a/model.onnx and b/model.onnx are not ONNX models; good/iris-mlp.onnx and
// good/iris_mlp.onnx are, but would both make class IrisMlp: the first (in name order) is imported.
String log = new File(basedir, 'build.log').getText('UTF-8')
String sep = File.separator
assert log =~ /\[ERROR\] .*${java.util.regex.Pattern.quote(sep + 'a' + sep + 'model.onnx')}: not an ONNX model/ : 'names the whole path'
assert log =~ /\[ERROR\] .*${java.util.regex.Pattern.quote(sep + 'b' + sep + 'model.onnx')}: not an ONNX model/
assert log.contains('netc: imported iris-mlp.onnx as IrisMlp') : 'the good file is imported all the same'
assert new File(basedir, 'src/main/net/good/iris-mlp.net').isFile()
assert log =~ /\[ERROR\] .*iris_mlp.onnx: imports as class IrisMlp, as .*iris-mlp.onnx does; rename one of the .onnx files/
assert !new File(basedir, 'src/main/net/good/iris_mlp.net').exists()
assert !new File(basedir, 'src/main/net/a').exists() : 'nothing is written for a refused file'
assert log.contains('netc: 3 of 4 ONNX files could not be imported; see the messages above')
assert log.contains('BUILD FAILURE')
return true
