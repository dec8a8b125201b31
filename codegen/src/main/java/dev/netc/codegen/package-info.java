/**
 * The generator as a tool: the outline of a network's Java class, with JavaPoet, over the kernels
 * of {@link dev.netc.codegen.kernel}.
 */
package dev.netc.codegen;
