/** Semantic checks of a parsed .net file, building the runtime architecture when they pass. */
package dev.netc.dsl.check;
