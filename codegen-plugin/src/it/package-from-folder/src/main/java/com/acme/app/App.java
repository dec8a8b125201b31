package com.acme.app;

import com.acme.models.Custom;
import com.acme.models.IrisClassifier;

/** Chains the two generated networks: the classifier's 3 probabilities feed the custom head. */
public final class App {
    private App() {}

    public static void main(String[] args) {
        float[] probabilities = IrisClassifier.random(1).predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f});
        float[] head = Custom.random(2).predict(probabilities);
        System.out.println(head.length);
    }
}
