package dev.netc.cli;

import dev.netc.dsl.CheckedNetwork;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a command takes a network's weights from: {@code --weights W.npz} or {@code --seed N}
 * (at most one, as a picocli argument group), else the file's {@code weights} directive, else its
 * {@code seed} directive.
 */
final class WeightSource {
    /** The rule, for the commands' help. */
    static final String RULE = "Weights come from --weights, else from --seed (random, reproducible), else from the"
            + " file's 'weights' directive, else from its 'seed' directive.";

    @Option(names = {"-w", "--weights"}, paramLabel = "W.npz",
            description = "Trained weights (np.savez: NAME.weights, NAME.biases per dense layer).")
    Path weights;

    @Option(names = "--seed", paramLabel = "N",
            description = "Random weights drawn from seed N, the same as the generated class's random(N).")
    Long seed;

    /** Whether {@code choice}, the command's argument group, names weights of its own. */
    static boolean given(WeightSource choice) {
        return choice != null && (choice.weights != null || choice.seed != null);
    }

    /**
     * Weights and where they came from, in words for a message: {@code the weights of w.npz},
     * {@code random weights of seed 7}, {@code the weights of its 'weights' directive},
     * {@code random weights of its seed 42}.
     */
    record Chosen(Weights weights, String origin) {}

    /**
     * The weights for {@code network} from {@code file}, by the rules above.
     *
     * @param choice the command's argument group, null when neither option was given
     */
    static Weights choose(WeightSource choice, CheckedNetwork network, Path file) {
        return chosen(choice, network).orElseThrow(() -> Problem.usage(file + " has neither a 'weights' nor a"
                + " 'seed' directive; give --weights W.npz, or --seed N for random weights")).weights();
    }

    /**
     * The weights for {@code network} by the rules above, and where they came from; empty when neither
     * an option nor a directive names any.
     *
     * @param choice the command's argument group, null when neither option was given
     */
    static Optional<Chosen> chosen(WeightSource choice, CheckedNetwork network) {
        Architecture architecture = network.architecture();
        if (choice != null && choice.weights != null) {
            return Optional.of(new Chosen(read(architecture, choice.weights), "the weights of " + choice.weights));
        }
        if (choice != null && choice.seed != null) {
            return Optional.of(new Chosen(Weights.random(architecture, choice.seed),
                    "random weights of seed " + choice.seed));
        }
        if (network.weightsFile().isPresent()) {
            return Optional.of(new Chosen(read(architecture, network.weightsFile().get()),
                    "the weights of its 'weights' directive"));
        }
        if (architecture.seed().isPresent()) {
            long seed = architecture.seed().getAsLong();
            return Optional.of(new Chosen(Weights.random(architecture, seed), "random weights of its seed " + seed));
        }
        return Optional.empty();
    }

    private static Weights read(Architecture architecture, Path npz) {
        try {
            return Weights.read(architecture, npz);
        } catch (IOException e) {
            // Every problem of the file at once, as `netc check` lists them for a weights directive.
            List<String> all = Weights.problems(architecture, npz);
            throw all.size() > 1 ? Problem.inputs(all) : Problem.input(IoErrors.message(npz, e));
        }
    }
}
