// skip: with -Dnetc.skip the goal generates nothing and says so.
assert !new File(basedir, 'target/generated-sources/netc').exists() : 'nothing generated when skipped'
assert !new File(basedir, 'target/generated-resources/netc').exists()
assert !new File(basedir, 'target/netc').exists() : 'no build state written when skipped'
assert !new File(basedir, 'target/classes/com/acme/Scorer.class').exists()

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[INFO] netc: skipped')
assert !(log =~ /netc: \d+ networks?,/) : 'no generation summary when skipped'
assert log.contains('BUILD SUCCESS')
return true
