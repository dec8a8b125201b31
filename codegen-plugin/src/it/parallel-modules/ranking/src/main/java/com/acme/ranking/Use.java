package com.acme.ranking;

public final class Use {
    private Use() {}

    public static float[] run() {
        return Ranker.random(1).predict(new float[Ranker.INPUT_SIZE]);
    }
}
