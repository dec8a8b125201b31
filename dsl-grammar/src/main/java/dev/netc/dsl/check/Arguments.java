package dev.netc.dsl.check;

import dev.netc.dsl.ast.Argument;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.diag.Excerpt;
import dev.netc.runtime.Parameter;
import dev.netc.runtime.Suggestions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binds the arguments of a call such as {@code leaky_relu(a=0.2)} or {@code normal(0, 0.1)} to the
 * parameters the catalogue declares, the way Python does: positional first, then by name, defaults
 * for the rest.
 */
final class Arguments {
    private Arguments() {}

    /**
     * @param what how to name the callee in messages, e.g. {@code activation 'relu'}
     * @param positional the parameters that positional arguments bind to, in order
     * @return one value per parameter, or empty after reporting what is wrong
     */
    static Optional<List<Double>> bind(Problems problems, String what, Call call, List<Parameter> parameters,
            List<Parameter> positional) {
        Double[] values = new Double[parameters.size()];
        boolean ok = true;
        boolean sawNamed = false;
        int position = 0;
        for (Argument argument : call.arguments()) {
            Optional<Double> value = Numbers.real(problems, argument.value());
            if (value.isEmpty()) {
                ok = false;
                continue;
            }
            int index;
            if (argument.name().isPresent()) {
                sawNamed = true;
                String name = argument.name().get().text();
                index = indexOf(parameters, name);
                if (index < 0) {
                    problems.error(argument.name().get().position(), what + " has no parameter '"
                            + Excerpt.shorten(name) + "'"
                            + (parameters.isEmpty() ? "" : "; its parameters are " + names(parameters))
                            + Suggestions.didYouMean(name, parameters.stream().map(Parameter::name).toList()));
                    ok = false;
                    continue;
                }
            } else if (sawNamed) {
                problems.error(argument.value().position(), "positional argument after a named one in " + what);
                ok = false;
                continue;
            } else if (position >= positional.size()) {
                problems.error(argument.value().position(), parameters.isEmpty()
                        ? what + " takes no arguments"
                        : what + " takes at most " + parameters.size() + " argument"
                                + (parameters.size() == 1 ? "" : "s") + " (" + names(parameters) + "), got "
                                + call.arguments().size());
                return Optional.empty();
            } else {
                index = parameters.indexOf(positional.get(position++));
            }
            if (values[index] != null) {
                problems.error(argument.value().position(), "argument '" + parameters.get(index).name()
                        + "' of " + what + " is given twice");
                ok = false;
                continue;
            }
            values[index] = value.get();
        }
        if (!ok) {
            return Optional.empty();
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                values[i] = parameters.get(i).defaultValue();
            }
        }
        return Optional.of(List.of(values));
    }

    private static int indexOf(List<Parameter> parameters, String name) {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).isCalled(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String names(List<Parameter> parameters) {
        return parameters.stream().map(p -> "'" + p.name() + "'").collect(Collectors.joining(", "));
    }
}
