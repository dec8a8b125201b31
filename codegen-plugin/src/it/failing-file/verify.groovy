// failing-file: every error of every .net file is reported as FILE:LINE:COLUMN: error: MESSAGE,
// followed by the source line and a caret under the column; the good file is still generated.
File net = new File(basedir, 'src/main/net/com/acme/models')
String head = net.toPath().resolve('classifier_head.net').toAbsolutePath().normalize().toString()
String embedding = net.toPath().resolve('embedding.net').toAbsolutePath().normalize().toString()

String log = new File(basedir, 'build.log').getText('UTF-8')
List<String> lines = log.readLines()

/** Asserts the error's headline is logged, followed by the offending source line and the caret line. */
void assertError(List<String> lines, String headline, String sourceLine, String caretLine) {
    int at = lines.indexOf('[ERROR] ' + headline)
    assert at >= 0 : "missing error line: ${headline}"
    assert lines[at + 1] == sourceLine : "source line under ${headline}"
    assert lines[at + 2] == caretLine : "caret line under ${headline}"
}

// classifier_head.net, line 2 'dense 4 -> 4 rellu;': 'rellu' starts in column 14.
assertError(lines, "${head}:2:14: error: unknown activation 'rellu'; did you mean 'relu'?",
        'dense 4 -> 4 rellu;',
        '             ^')
// classifier_head.net, line 3 'dense 5 -> 2;': the input width '5' is in column 7.
assertError(lines, "${head}:3:7: error: layer 'dense_1' takes 5 inputs but 'dense_0' produces 4",
        'dense 5 -> 2;',
        '      ^')
// embedding.net, line 1 'dense 4 -> 4 relu' (17 characters) lacks its ';': the caret is just after 'relu'.
assertError(lines, "${embedding}:1:18: error: expected ';' after 'relu'",
        'dense 4 -> 4 relu',
        '                 ^')

// Exactly these three errors (the recovery after the missing ';' reports nothing spurious), in file order.
List<String> errors = lines.findAll { it =~ /^\[ERROR\] .*\.net:\d+:\d+: error: / }
assert errors.size() == 3 : errors.join('\n')
assert errors[0].contains("${head}:2:14:") && errors[1].contains("${head}:3:7:") && errors[2].contains("${embedding}:1:18:")
assert !log.contains('ranker.net:') : 'the good file has no errors'

// The failure names the count, once, as Maven's reason for the failure.
assert log.contains('netc: 3 errors in 2 .net files; see the messages above')
assert log.contains('BUILD FAILURE')

// The good file's class was generated; the bad files' were not.
File out = new File(basedir, 'target/generated-sources/netc/com/acme/models')
assert new File(out, 'Ranker.java').isFile() : 'one bad file does not hold up the others'
assert !new File(out, 'ClassifierHead.java').exists()
assert !new File(out, 'Embedding.java').exists()
// Likewise the summaries and diagrams: the good file's are written, the bad files' are not.
File reports = new File(basedir, 'target/netc')
assert new File(reports, 'Ranker.txt').isFile() && new File(reports, 'Ranker.svg').isFile()
assert !new File(reports, 'ClassifierHead.txt').exists() && !new File(reports, 'ClassifierHead.svg').exists()
assert !new File(reports, 'Embedding.txt').exists() && !new File(reports, 'Embedding.svg').exists()

// No Java stack trace from the plugin: nothing before Maven's failure report looks like one.
int failure = lines.findIndexOf { it.contains('BUILD FAILURE') }
List<String> build = lines.subList(0, failure)
assert !build.any { it =~ /^\s+at [\w$.]+[(\s]/ } : 'stack trace lines in the build output'
assert !build.any { it.contains('Exception') || it.contains('Error:') } : 'an exception in the build output'
// The invoker runs Maven with -e (showErrors), so Maven prints the trace of the failure it reports.
// It must be the plugin's MojoFailureException with the message above, caused by nothing else,
// i.e. Maven's usual report of a failed goal, not an unexpected exception from the plugin.
List<String> report = lines.subList(failure, lines.size())
List<String> causes = report.findAll { it.startsWith('Caused by:') }
assert causes.every { it == 'Caused by: org.apache.maven.plugin.MojoFailureException: netc: 3 errors in 2 .net files; see the messages above' } :
        causes.join('\n')
assert !log.contains('Exception in thread')
return true
