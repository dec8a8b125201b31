/** Diagnostics: positions, messages in javac's format, and "did you mean" suggestions. */
package dev.netc.dsl.diag;
