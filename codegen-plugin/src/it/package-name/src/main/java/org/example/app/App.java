package org.example.app;

import org.example.nets.Decoder;
import org.example.nets.Encoder;

/** An auto-encoder from two generated networks, both in the configured package. */
public final class App {
    private App() {}

    public static void main(String[] args) {
        float[] code = Encoder.random(1).predict(new float[Encoder.INPUT_SIZE]);
        float[] reconstruction = Decoder.random(2).predict(code);
        System.out.println(reconstruction.length);
    }
}
