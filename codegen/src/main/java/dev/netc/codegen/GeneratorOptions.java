package dev.netc.codegen;

/**
 * Choices about the generated code that a build makes, beyond what the {@code .net} file says.
 *
 * @param vectorApi ignored: the generated classes choose the Vector API when the program runs (with
 *     {@code --add-modules jdk.incubator.vector}); kept for one release so that builds that set it
 *     still compile
 */
public record GeneratorOptions(@Deprecated(forRemoval = true) boolean vectorApi) {
    /** Plain Java that any JDK 17 compiles and runs. */
    public static final GeneratorOptions DEFAULT = new GeneratorOptions(false);
}
