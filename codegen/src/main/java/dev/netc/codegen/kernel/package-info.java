/**
 * The forward-pass kernels behind {@link dev.netc.codegen.kernel.ForwardKernel} (straight-line,
 * looped with its batch passes, Vector API), the trainer's per-layer code
 * ({@link dev.netc.codegen.kernel.TrainerKernel}), and the pieces they share: weight fields, scalar
 * types, activation calls, layer comments; it knows nothing of the class outline above it.
 */
package dev.netc.codegen.kernel;
