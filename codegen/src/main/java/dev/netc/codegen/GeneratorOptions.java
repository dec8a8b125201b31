package dev.netc.codegen;

/**
 * Choices about the generated code that a build makes, beyond what the {@code .net} file says.
 *
 * @param vectorApi write the dense layers of larger networks against the incubating Vector API
 *     ({@code jdk.incubator.vector}): faster, but the generated classes then need
 *     {@code --add-modules jdk.incubator.vector} to compile and to run
 */
public record GeneratorOptions(boolean vectorApi) {
    /** Plain Java that any JDK 17 compiles and runs. */
    public static final GeneratorOptions DEFAULT = new GeneratorOptions(false);
}
