package dev.netc.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Loss#parse} and {@link Optimizer#parse}: the language's call syntax with defaults, positional and
 * named arguments and aliases, and every error with its whole first line and the caret under its column.
 */
class ParseTest {
    private static final String OPTIMIZERS = " (optimizers: sgd, adagrad, rmsprop, adam)";
    private static final String LOSSES =
            " (losses: categorical_crossentropy, binary_crossentropy, mean_squared_error, mean_absolute_error)";

    @Test
    void lossesByNameAndAlias() {
        assertThat(Loss.parse("categorical_crossentropy")).isEqualTo(Loss.CATEGORICAL_CROSSENTROPY);
        assertThat(Loss.parse("sparse_categorical_crossentropy")).isEqualTo(Loss.CATEGORICAL_CROSSENTROPY);
        assertThat(Loss.parse("binary_crossentropy")).isEqualTo(Loss.BINARY_CROSSENTROPY);
        assertThat(Loss.parse("mean_squared_error")).isEqualTo(Loss.MEAN_SQUARED_ERROR);
        assertThat(Loss.parse("mse")).isEqualTo(Loss.MEAN_SQUARED_ERROR);
        assertThat(Loss.parse("mean_absolute_error")).isEqualTo(Loss.MEAN_ABSOLUTE_ERROR);
        assertThat(Loss.parse("mae")).isEqualTo(Loss.MEAN_ABSOLUTE_ERROR);
        assertThat(Loss.parse("  mse ( )  ")).isEqualTo(Loss.MEAN_SQUARED_ERROR);
        for (Loss loss : Loss.values()) {
            assertThat(Loss.parse(loss.keyword())).isEqualTo(loss);
            assertThat(Loss.parse(loss.toString())).isEqualTo(loss);
        }
    }

    @Test
    void optimizersWithTheBooksDefaults() {
        assertThat(Optimizer.parse("sgd")).isEqualTo(new Optimizer.Sgd(1.0, 0, 0)).isEqualTo(Optimizer.sgd());
        assertThat(Optimizer.parse("sgd()")).isEqualTo(new Optimizer.Sgd(1.0, 0, 0));
        assertThat(Optimizer.parse("adagrad")).isEqualTo(new Optimizer.AdaGrad(1.0, 0, 1e-7));
        assertThat(Optimizer.parse("rmsprop")).isEqualTo(new Optimizer.RmsProp(0.001, 0, 1e-7, 0.9));
        assertThat(Optimizer.parse("adam")).isEqualTo(new Optimizer.Adam(0.001, 0, 1e-7, 0.9, 0.999))
                .isEqualTo(Optimizer.adam());
    }

    @Test
    void positionalAndNamedArguments() {
        assertThat(Optimizer.parse("sgd(1.0, momentum=0.9)")).isEqualTo(new Optimizer.Sgd(1.0, 0, 0.9));
        assertThat(Optimizer.parse("sgd(0.5, 0.01, 0.9)")).isEqualTo(new Optimizer.Sgd(0.5, 0.01, 0.9));
        assertThat(Optimizer.parse("adam(lr=0.02, decay=1e-4)")).isEqualTo(new Optimizer.Adam(0.02, 1e-4, 1e-7, 0.9, 0.999));
        assertThat(Optimizer.parse("adam(beta_2=0.99, beta_1=0.8, epsilon=1E-8, lr=.5e-1)"))
                .isEqualTo(new Optimizer.Adam(0.05, 0, 1e-8, 0.8, 0.99));
        assertThat(Optimizer.parse("adam(0.01, 0, 1e-6, 0.5, 0.75)")).isEqualTo(new Optimizer.Adam(0.01, 0, 1e-6, 0.5, 0.75));
        assertThat(Optimizer.parse("rmsprop(0.01, rho=0.5)")).isEqualTo(new Optimizer.RmsProp(0.01, 0, 1e-7, 0.5));
        assertThat(Optimizer.parse("adagrad(lr=2, epsilon=1e-3)")).isEqualTo(new Optimizer.AdaGrad(2, 0, 1e-3));
        assertThat(Optimizer.parse(" \tadam ( lr = 0.02 , decay=0 )\n")).isEqualTo(Optimizer.adam(0.02));
        // Zero is in range for momentum, rho and the betas (from 0 up to, not including, 1).
        assertThat(Optimizer.parse("sgd(momentum=0)")).isEqualTo(Optimizer.sgd());
        assertThat(Optimizer.parse("adam(beta_1=0, beta_2=0)")).isEqualTo(new Optimizer.Adam(0.001, 0, 1e-7, 0, 0));
    }

    @Test
    void toStringReadsBack() {
        for (String text : new String[] {"sgd(0.5, 0.01, 0.9)", "adagrad(lr=2, epsilon=1e-3)", "rmsprop(0.01, rho=0.5)",
                "adam(lr=0.02, decay=1e-4, beta_1=0.8)"}) {
            Optimizer optimizer = Optimizer.parse(text);
            assertThat(Optimizer.parse(optimizer.toString().replace("E-", "e-"))).isEqualTo(optimizer);
        }
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            adma(lr=0.1)                | 1  | unknown optimizer 'adma'; did you mean 'adam'?%s
            Adam                        | 1  | unknown optimizer 'Adam'; did you mean 'adam'?%s
            "  rmsprp"                  | 3  | unknown optimizer 'rmsprp'; did you mean 'rmsprop'?%s
            nesterov                    | 1  | unknown optimizer 'nesterov'%s
            adam(beta1=0.5)             | 6  | 'adam' has no argument 'beta1'; did you mean 'beta_1'? (it takes lr, decay, epsilon, beta_1, beta_2)
            sgd(learning_rate=0.5)      | 5  | 'sgd' has no argument 'learning_rate' (it takes lr, decay, momentum)
            "sgd(0.1, 0, 0.9, 5)"       | 18 | 'sgd' takes at most 3 arguments (lr, decay, momentum)
            "adam(lr=0.1, lr=0.2)"      | 14 | 'lr' is given twice
            "adam(0.1, lr=0.2)"         | 11 | 'lr' is given twice
            "sgd(lr=0.1, 0.9)"          | 13 | a positional argument cannot follow a named one
            adam(lr=fast)               | 9  | expected a number
            adam(lr 0.1)                | 6  | expected a number or name=number
            adam(lr=1e)                 | 11 | expected the digits of an exponent
            sgd(1e999)                  | 5  | the number 1e999 is too large
            adam(lr=0.1                 | 12 | expected ')' to close the arguments
            "adam(lr=0.1;"              | 12 | expected ',' or ')'
            adam(lr=0.1) x              | 14 | unexpected 'x' after the optimizer
            ""                          | 1  | expected the name of an optimizer
            (lr=0.1)                    | 1  | expected the name of an optimizer
            adam(lr=0)                  | 6  | the learning rate lr must be a finite number > 0, got 0
            sgd(0)                      | 5  | the learning rate lr must be a finite number > 0, got 0
            sgd(-1)                     | 5  | the learning rate lr must be a finite number > 0, got -1
            sgd(decay=-0.5)             | 5  | decay must be a finite number >= 0, got -0.5
            "sgd(1, momentum=1)"        | 8  | momentum must be from 0 up to (not including) 1, got 1
            adam(beta_1=1)              | 6  | beta_1 must be from 0 up to (not including) 1, got 1
            "adam(0.1, beta_2=1.5)"     | 11 | beta_2 must be from 0 up to (not including) 1, got 1.5
            adam(epsilon=0)             | 6  | epsilon must be a finite number > 0, got 0
            "rmsprop(0.001, 0, 1e-7, 1.5)" | 25 | rho must be from 0 up to (not including) 1, got 1.5
            adagrad(epsilon=-1e-7)      | 9  | epsilon must be a finite number > 0, got -1.0E-7
            """)
    void optimizerErrors(String text, int column, String message) {
        assertError(Optimizer::parse, "optimizer", text, column, message.formatted(OPTIMIZERS));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            categorical_crossentropyy   | 1  | unknown loss 'categorical_crossentropyy'; did you mean 'categorical_crossentropy'?%s
            msee                        | 1  | unknown loss 'msee'; did you mean 'mse'?%s
            hinge                       | 1  | unknown loss 'hinge'%s
            mse(1)                      | 5  | 'mean_squared_error' takes no arguments
            "binary_crossentropy(from_logits=1)" | 21 | 'binary_crossentropy' takes no arguments
            "mae("                      | 5  | expected a number
            mae)                        | 4  | unexpected ')' after the loss
            "   "                       | 4  | expected the name of a loss
            """)
    void lossErrors(String text, int column, String message) {
        assertError(Loss::parse, "loss", text, column, message.formatted(LOSSES));
    }

    @Test
    void nullText() {
        assertThatThrownBy(() -> Optimizer.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no optimizer given (null)");
        assertThatThrownBy(() -> Loss.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no loss given (null)");
    }

    @Test
    void controlCharactersDoNotBreakTheCaretLine() {
        IllegalArgumentException e = catchThrowableOfType(() -> Optimizer.parse("adam(lr=\t0)"),
                IllegalArgumentException.class);
        String[] lines = e.getMessage().split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("optimizer 'adam(lr= 0)': column 6: error: "
                + "the learning rate lr must be a finite number > 0, got 0");
        assertThat(lines[1]).isEqualTo("adam(lr= 0)");
        assertThat(lines[2]).isEqualTo(" ".repeat(5) + "^");
    }

    private static void assertError(Function<String, ?> parse, String what, String text, int column, String message) {
        IllegalArgumentException e = catchThrowableOfType(() -> parse.apply(text), IllegalArgumentException.class);
        assertThat(e).as("parsing '%s'", text).isNotNull();
        String[] lines = e.getMessage().split("\n", -1);
        assertThat(lines[0]).isEqualTo(what + " '" + text.strip() + "': column " + column + ": error: " + message);
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).isEqualTo(text);
        assertThat(lines[2]).isEqualTo(" ".repeat(column - 1) + "^");
    }
}
