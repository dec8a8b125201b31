/** The {@code netc} command line: check, generate, summary, diagram and run for {@code .net} files, with picocli. */
package dev.netc.cli;
