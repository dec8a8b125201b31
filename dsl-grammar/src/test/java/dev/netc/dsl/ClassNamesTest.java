package dev.netc.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.dsl.check.ClassNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassNamesTest {

    @ParameterizedTest
    @CsvSource({
        "iris_classifier.net, IrisClassifier",
        "mlp.net, Mlp",
        "mlp_784.net, Mlp784",
        "double_net.net, DoubleNet",
        "my-model.net, MyModel",
        "my__model.net, MyModel",
        "alreadyCamel.net, AlreadyCamel",
        "'two words.net', TwoWords",
        "2layer.net, 2layer",
        "UPPER_CASE.net, UpperCase",
        "IRIS.NET, Iris",
        "iris_MLP.net, IrisMlp",
        "mlp_V2.net, MlpV2",
        "XORNet.net, XORNet",
    })
    void fileNamesBecomeUpperCamelCase(String fileName, String className) {
        assertThat(ClassNames.fromFileName(fileName)).isEqualTo(className);
    }

    @ParameterizedTest
    @CsvSource({"Mlp, true", "class, false", "2layer, false", "_, false", "Réseau, true", "dense, true", "var, false",
        "yield, false", "record, false", "sealed, false", "permits, false", "Record, true", "non, true"})
    void classNamesMustBeJavaIdentifiersAndNeitherKeywordsNorRestricted(String name, boolean valid) {
        assertThat(ClassNames.isValid(name)).isEqualTo(valid);
    }
}
