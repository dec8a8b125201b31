package dev.netc.onnx;

/**
 * Why a graph cannot be imported, thrown deep inside the importer and turned into an {@link
 * OnnxImportException} (prefixed with the file name) at its entry point.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
        super(message, null, false, false);
    }
}
