/*
 * The .net language: one sequential network per file.
 *
 *   network IrisClassifier;
 *   input 4;
 *   dense 4 -> 16 relu init=he_normal name=hidden l2=5e-4;
 *   dropout 0.5;
 *   dense 16 -> 3;
 *   softmax;
 *
 * The grammar only fixes the shape of statements; names of activations, initializers, options and
 * precisions, and every number, are checked afterwards so that mistakes get precise messages.
 */
grammar Net;

network
    : statement* EOF
    ;

statement
    : networkDirective
    | inputDirective
    | precisionDirective
    | seedDirective
    | weightsDirective
    | denseLayer
    | dropoutLayer
    | activationLayer
    ;

networkDirective
    : NETWORK word SEMI
    ;

inputDirective
    : INPUT NUMBER SEMI
    ;

precisionDirective
    : PRECISION word SEMI
    ;

seedDirective
    : SEED NUMBER SEMI
    ;

weightsDirective
    : WEIGHTS STRING SEMI
    ;

// The activation and the options may come in any order; the checks want at most one activation.
// One loop (rather than "call? option*") keeps the decision to one token, so a forgotten ';'
// before the next statement is reported once, right after the last token of the layer.
denseLayer
    : DENSE inputs=NUMBER ARROW outputs=NUMBER layerPart* SEMI
    ;

layerPart
    : option
    | call
    ;

// The rate is optional and calls may follow it only so that a missing rate, or an activation
// written on a dropout, get the checks' precise messages rather than a syntax error.
dropoutLayer
    : DROPOUT rate=NUMBER? layerPart* SEMI
    ;

activationLayer
    : call SEMI
    ;

option
    : IDENTIFIER ASSIGN optionValue
    ;

optionValue
    : word arguments?
    | NUMBER
    ;

call
    : IDENTIFIER arguments?
    ;

arguments
    : LPAREN (argument (COMMA argument)*)? RPAREN
    ;

argument
    : (IDENTIFIER ASSIGN)? NUMBER
    ;

// Keywords may still name things where a name is expected (name=input, network dense).
word
    : IDENTIFIER
    | NETWORK
    | INPUT
    | PRECISION
    | SEED
    | WEIGHTS
    | DENSE
    | DROPOUT
    ;

NETWORK   : 'network';
INPUT     : 'input';
PRECISION : 'precision';
SEED      : 'seed';
WEIGHTS   : 'weights';
DENSE     : 'dense';
DROPOUT   : 'dropout';

ARROW  : '->';
ASSIGN : '=';
SEMI   : ';';
COMMA  : ',';
LPAREN : '(';
RPAREN : ')';

// Signed, so that negative widths reach the checks and get a precise message.
NUMBER
    : '-'? DIGIT+ ('.' DIGIT*)? EXPONENT?
    | '-'? '.' DIGIT+ EXPONENT?
    ;

IDENTIFIER
    : [a-zA-Z_] [a-zA-Z0-9_]*
    ;

STRING
    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
    ;

// Recognised so the parser can say what is wrong instead of the lexer failing on a character.
UNTERMINATED_STRING
    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'?
    ;

LINE_COMMENT
    : '//' ~[\r\n]* -> skip
    ;

BLOCK_COMMENT
    : '/*' .*? '*/' -> skip
    ;

// A block comment that never ends; it cannot contain "*/", so it only wins when BLOCK_COMMENT fails.
UNTERMINATED_COMMENT
    : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF
    ;

WS
    : [ \t\r\n\f\u000B\uFEFF]+ -> skip
    ;

// Anything else becomes a token the parser reports, so the lexer itself never fails.
UNEXPECTED_CHARACTER
    : .
    ;

fragment DIGIT
    : [0-9]
    ;

fragment EXPONENT
    : [eE] [+-]? DIGIT+
    ;
