/** A network's {@code Architecture} drawn as a standalone SVG picture, as {@code Summary} describes it in text. */
package dev.netc.codegen.diagram;
