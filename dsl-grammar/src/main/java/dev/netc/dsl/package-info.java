/** The .net language front end: text in, a checked network or diagnostics out. */
package dev.netc.dsl;
