package dev.netc.dsl.parser;

import dev.netc.dsl.ast.Argument;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.LayerOption;
import dev.netc.dsl.ast.Name;
import dev.netc.dsl.ast.NetFile;
import dev.netc.dsl.ast.NumberLiteral;
import dev.netc.dsl.ast.OptionValue;
import dev.netc.dsl.ast.Statement;
import dev.netc.dsl.ast.StringLiteral;
import dev.netc.dsl.diag.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns ANTLR's parse tree into the immutable {@link NetFile} syntax tree. */
final class AstBuilder {

    NetFile build(NetParser.NetworkContext network) {
        List<Statement> statements = new ArrayList<>();
        for (NetParser.StatementContext statement : network.statement()) {
            statements.add(hasSyntaxError(statement) ? new Statement.Broken(position(statement.getStart()))
                    : statement(statement));
        }
        return new NetFile(statements);
    }

    private Statement statement(NetParser.StatementContext ctx) {
        if (ctx.networkDirective() != null) {
            var d = ctx.networkDirective();
            return new Statement.NetworkDirective(position(d.getStart()), name(d.word().getStart()));
        } else if (ctx.inputDirective() != null) {
            var d = ctx.inputDirective();
            return new Statement.InputDirective(position(d.getStart()), number(d.NUMBER().getSymbol()));
        } else if (ctx.precisionDirective() != null) {
            var d = ctx.precisionDirective();
            return new Statement.PrecisionDirective(position(d.getStart()), name(d.word().getStart()));
        } else if (ctx.seedDirective() != null) {
            var d = ctx.seedDirective();
            return new Statement.SeedDirective(position(d.getStart()), number(d.NUMBER().getSymbol()));
        } else if (ctx.weightsDirective() != null) {
            var d = ctx.weightsDirective();
            return new Statement.WeightsDirective(position(d.getStart()), string(d.STRING().getSymbol()));
        } else if (ctx.denseLayer() != null) {
            return dense(ctx.denseLayer());
        } else if (ctx.dropoutLayer() != null) {
            return dropout(ctx.dropoutLayer());
        } else {
            var a = ctx.activationLayer();
            return new Statement.ActivationStatement(position(a.getStart()), call(a.call()));
        }
    }

    private Statement.Dense dense(NetParser.DenseLayerContext ctx) {
        List<Call> activations = new ArrayList<>();
        List<LayerOption> options = new ArrayList<>();
        layerParts(ctx.layerPart(), activations, options);
        return new Statement.Dense(position(ctx.getStart()), number(ctx.inputs), number(ctx.outputs), activations,
                options);
    }

    private Statement.Dropout dropout(NetParser.DropoutLayerContext ctx) {
        List<Call> calls = new ArrayList<>();
        List<LayerOption> options = new ArrayList<>();
        layerParts(ctx.layerPart(), calls, options);
        return new Statement.Dropout(position(ctx.getStart()), Optional.ofNullable(ctx.rate).map(AstBuilder::number),
                calls, options);
    }

    /** Sorts the words after a layer's keyword into bare calls and {@code key=value} options, in source order. */
    private void layerParts(List<NetParser.LayerPartContext> parts, List<Call> calls, List<LayerOption> options) {
        for (NetParser.LayerPartContext part : parts) {
            if (part.call() != null) {
                calls.add(call(part.call()));
            } else {
                NetParser.OptionContext option = part.option();
                options.add(new LayerOption(name(option.IDENTIFIER().getSymbol()), optionValue(option.optionValue())));
            }
        }
    }

    private OptionValue optionValue(NetParser.OptionValueContext ctx) {
        if (ctx.NUMBER() != null) {
            return number(ctx.NUMBER().getSymbol());
        }
        return new Call(name(ctx.word().getStart()), arguments(ctx.arguments()), ctx.arguments() != null);
    }

    private Call call(NetParser.CallContext ctx) {
        return new Call(name(ctx.IDENTIFIER().getSymbol()), arguments(ctx.arguments()), ctx.arguments() != null);
    }

    private List<Argument> arguments(NetParser.ArgumentsContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        List<Argument> arguments = new ArrayList<>();
        for (NetParser.ArgumentContext argument : ctx.argument()) {
            Optional<Name> name = Optional.ofNullable(argument.IDENTIFIER()).map(id -> name(id.getSymbol()));
            arguments.add(new Argument(name, number(argument.NUMBER().getSymbol())));
        }
        return arguments;
    }

    private static Name name(Token token) {
        return new Name(token.getText(), position(token));
    }

    private static NumberLiteral number(Token token) {
        return new NumberLiteral(token.getText(), position(token));
    }

    /** Drops the quotes and resolves the two escapes, {@code \"} and {@code \\}; other backslashes stay. */
    private static StringLiteral string(Token token) {
        String text = token.getText();
        String body = text.substring(1, text.length() - 1);
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && (body.charAt(i + 1) == '"' || body.charAt(i + 1) == '\\')) {
                value.append(body.charAt(++i));
            } else {
                value.append(c);
            }
        }
        return new StringLiteral(value.toString(), position(token));
    }

    static Position position(Token token) {
        return new Position(Math.max(token.getLine(), 1), token.getCharPositionInLine() + 1);
    }

    /** Recovery leaves error nodes (inserted or skipped tokens) or a recorded exception in a broken statement. */
    private static boolean hasSyntaxError(ParseTree tree) {
        if (tree instanceof ErrorNode) {
            return true;
        }
        if (tree instanceof TerminalNode) {
            return false;
        }
        if (tree instanceof ParserRuleContext ctx && ctx.exception != null) {
            return true;
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            if (hasSyntaxError(tree.getChild(i))) {
                return true;
            }
        }
        return false;
    }
}
