// import-refused: src/main/onnx/a/model.onnx and b/model.onnx are not ONNX models, good/iris_mlp.onnx is.
String log = new File(basedir, 'build.log').getText('UTF-8')
String sep = File.separator
assert log =~ /\[ERROR\] .*${java.util.regex.Pattern.quote(sep + 'a' + sep + 'model.onnx')}: not an ONNX model/ : 'names the whole path'
assert log =~ /\[ERROR\] .*${java.util.regex.Pattern.quote(sep + 'b' + sep + 'model.onnx')}: not an ONNX model/
assert log.contains('netc: imported iris_mlp.onnx as IrisMlp') : 'the good file is imported all the same'
assert new File(basedir, 'src/main/net/good/iris_mlp.net').isFile()
assert !new File(basedir, 'src/main/net/a').exists() : 'nothing is written for a refused file'
assert log.contains('netc: 2 of 3 ONNX files could not be imported; see the messages above')
assert log.contains('BUILD FAILURE')
return true
