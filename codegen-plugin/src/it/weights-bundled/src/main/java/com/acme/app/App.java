package com.acme.app;

import com.acme.tiny.TinyClassifier;
import java.util.Arrays;

/** Predicts with the pretrained weights bundled in the jar, next to TinyClassifier.class. */
public final class App {
    private App() {}

    public static void main(String[] args) {
        double[] probabilities = TinyClassifier.pretrained().predict(new double[] {0.5, -1.0, 2.0});
        System.out.println("prediction: " + Arrays.toString(probabilities));
    }
}
