package dev.netc.onnx;

import dev.netc.runtime.ActivationCall;

/** An imported activation that stands as a layer of its own (no dense layer before it to carry it). */
record ActivationStep(ActivationCall activation) {}
