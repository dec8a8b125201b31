package com.acme.app;

import com.acme.models.Mlp;

public final class App {
    private App() {}

    public static void main(String[] args) {
        System.out.println(Mlp.random(42).predict(new float[Mlp.INPUT_SIZE])[0]);
    }
}
