/**
 * ONNX interop: {@link dev.netc.onnx.OnnxImporter} turns the ONNX file of a trained multilayer
 * perceptron into a {@code .net} file and an {@code .npz} weight file, {@link
 * dev.netc.onnx.OnnxExporter} writes a netc network as an ONNX model, and {@link
 * dev.netc.onnx.OnnxTool} does both from the command line.
 */
package dev.netc.onnx;
