/** The ANTLR grammar's parser (generated), its error reporting, and the parse tree to syntax tree step. */
package dev.netc.dsl.parser;
