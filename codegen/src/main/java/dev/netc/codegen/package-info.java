/** Java source generation for checked networks, with JavaPoet. */
package dev.netc.codegen;
