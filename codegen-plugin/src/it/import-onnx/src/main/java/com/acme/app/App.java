package com.acme.app;

import com.acme.iris.IrisMlp;
import java.util.Arrays;

/** Predicts with the network imported from iris_mlp.onnx, its weights bundled next to IrisMlp.class. */
public final class App {
    private App() {}

    public static void main(String[] args) {
        float[] probabilities = IrisMlp.pretrained().predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f});
        System.out.println("prediction: " + Arrays.toString(probabilities));
    }
}
