/** The syntax of a .net file as immutable records with source positions, built from ANTLR's parse tree. */
package dev.netc.dsl.ast;
