// hostile-inputs: every hostile file is reported as FILE:LINE:COLUMN: error: lines, the build fails
// without a stack trace, nothing is generated for those files, and the good ones are generated.
String log = new File(basedir, 'build.log').getText('UTF-8')
List<String> lines = log.readLines()
File net = new File(basedir, 'src/main/net/com/acme')
String folder = net.toPath().toAbsolutePath().normalize().toString()

Map<String, String> expected = [
    garbage: ':1:1: error: the file is not valid UTF-8 (byte 0xC3)',
    long_line: ":1:2000014: error: unexpected character '@'",
    nul_bytes: ':1:14: error: unexpected character U+0000',
    unterminated_comment: ":2:1: error: unterminated comment; '/*' needs a closing '*/'",
    huge_numbers: ':1:6: error: seed 123456789012345678901234567890 is out of range',
    deep_nesting: ":1:25: error: unexpected '('",
    bidi: ':1:14: error: unexpected character U+202E',
    bomb: ":1:9: error: bomb.npz: array 'out.weights': header says shape (2, 1) (16 bytes) but the entry holds more than 16 bytes",
    truncated: ":1:9: error: truncated.npz: truncated: the file ends inside the data of entry 'out.biases.npy'",
    lying_shape: ":1:9: error: lying_shape.npz: array 'out.weights'",
    lying_dtype: ":1:9: error: lying_dtype.npz: array 'out.weights'",
    huge_shape: ":1:9: error: huge_shape.npz: array 'out.weights': shape (2000000000, 2000000000) has more elements than a Java array can hold",
    path_trick: ":1:9: error: path_trick.npz: entry '../../out.weights.npy' has a path in its name",
    absolute_path: ":1:9: error: absolute_path.npz: entry '/etc/out.weights.npy' has a path in its name",
    noise: ':1:9: error: noise.npz: not a zip archive',
    // The flipped bit breaks the array's header; the entry's CRC then tells the file is corrupt.
    bit_flip: ":1:9: error: bit_flip.npz: entry 'out.weights.npy': CRC-32 mismatch",
    linked: ":1:9: error: weights file 'linked.npz' is outside the project",
    climbing: ":1:9: error: weights file '../../../../../../hostile-inputs-outs...' is outside the project",
]
expected.each { name, error ->
    String prefix = "[ERROR] ${folder}/${name}.net${error}"
    assert lines.any { it.startsWith(prefix) } : "missing: ${prefix}\n" + lines.findAll { it.contains("/${name}.net:") }.join('\n')
}
// The huge width and the unusable initializer are reported too, after the seed.
assert lines.any { it.startsWith("[ERROR] ${folder}/huge_numbers.net:2:7: error: layer width 999") }
assert lines.any { it.startsWith("[ERROR] ${folder}/huge_numbers.net:2:100024: error: number 1e999999 is out of range for a double") }
assert lines.any { it.startsWith("[ERROR] ${folder}/huge_numbers.net:2:100039: error: the range of 'uniform' is too wide") }

// Every error line names a file, a line and a column; the 2 MB line is shown only around its column.
List<String> errors = lines.findAll { it.startsWith('[ERROR] /') && it.contains('.net:') }
assert errors.every { it =~ /^\[ERROR\] \/.*\.net:\d+:\d+: error: \S/ }
assert lines.every { it.length() < 1000 } : 'a log line of ' + lines*.length().max() + ' characters'
assert log.length() < 100_000 : "the log is ${log.length()} characters long"
assert log.contains('BUILD FAILURE')

// No stack trace and no exception before Maven's own failure report.
int failure = lines.findIndexOf { it.contains('BUILD FAILURE') }
List<String> build = lines.subList(0, failure)
assert !build.any { it =~ /^\s+at [\w$.]+[(\s]/ } : 'stack trace lines in the build output'
assert !build.any { it.contains('Exception') || it.contains('java.lang.') } : 'an exception in the build output'
List<String> causes = lines.subList(failure, lines.size()).findAll { it.startsWith('Caused by:') }
assert causes.every { it.startsWith('Caused by: org.apache.maven.plugin.MojoFailureException: netc: ') } : causes.join('\n')

// Only the good files produced anything: Good, and NotANumber (NaN and infinity are loaded as data).
def generated = []
new File(basedir, 'target/generated-sources/netc').eachFileRecurse(groovy.io.FileType.FILES) { generated << it.name }
assert generated.sort() == ['Good.java', 'NotANumber.java']
def resources = []
new File(basedir, 'target/generated-resources/netc').eachFileRecurse(groovy.io.FileType.FILES) { resources << it.name }
assert resources == ['NotANumber.npz']
def reports = []
new File(basedir, 'target/netc').eachFileRecurse(groovy.io.FileType.FILES) { reports << it.name }
assert reports.sort() == ['Good.svg', 'Good.txt', 'NotANumber.svg', 'NotANumber.txt', 'generate-default.files',
        'generate-default.state']
return true
