// same-simple-name: com/acme/a/mlp.net and com/acme/b/mlp.net both give a class Mlp. Their summaries
// and diagrams cannot both be target/netc/Mlp.txt, so both are named by the qualified class name.
File reports = new File(basedir, 'target/netc')
def written = reports.list().findAll { !it.endsWith('.files') && !it.endsWith('.state') }.sort()
assert written == ['com.acme.a.Mlp.svg', 'com.acme.a.Mlp.txt', 'com.acme.b.Mlp.svg', 'com.acme.b.Mlp.txt'] : written

assert new File(reports, 'com.acme.a.Mlp.txt').getText('UTF-8').contains('Total params: 67 (268.00 B)')
assert new File(reports, 'com.acme.b.Mlp.txt').getText('UTF-8').contains('Total params: 6 (48.00 B)')

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[INFO] netc: 2 networks, 6 files written, 0 removed')
assert log.contains('BUILD SUCCESS')
return true
