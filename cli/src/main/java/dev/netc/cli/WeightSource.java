package dev.netc.cli;

import dev.netc.dsl.CheckedNetwork;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
     * The weights for {@code network} from {@code file}, by the rules above.
     *
     * @param choice the command's argument group, null when neither option was given
     */
    static Weights choose(WeightSource choice, CheckedNetwork network, Path file) {
        Architecture architecture = network.architecture();
        if (choice != null && choice.weights != null) {
            return read(architecture, choice.weights);
        }
        if (choice != null && choice.seed != null) {
            return Weights.random(architecture, choice.seed);
        }
        if (network.weightsFile().isPresent()) {
            return read(architecture, network.weightsFile().get());
        }
        if (architecture.seed().isPresent()) {
            return Weights.random(architecture, architecture.seed().getAsLong());
        }
        throw Problem.usage(file + " has neither a 'weights' nor a 'seed' directive; give --weights W.npz, or "
                + "--seed N for random weights");
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
