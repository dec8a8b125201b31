import java.util.Arrays;

/** Uses the class generated from src/main/net/mlp.net (default package, like the .net file). */
public final class App {
    private App() {}

    public static void main(String[] args) {
        float[] probabilities = Mlp.random(42).predict(new float[Mlp.INPUT_SIZE]);
        System.out.println(Arrays.toString(probabilities));
    }
}
