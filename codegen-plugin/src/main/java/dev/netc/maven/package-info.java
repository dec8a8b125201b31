/** The Maven goals netc:generate and netc:import: thin Mojos over netc-codegen and netc-onnx. */
package dev.netc.maven;
