/** The Maven goal netc:generate: a thin Mojo over a plain build orchestrator. */
package dev.netc.maven;
