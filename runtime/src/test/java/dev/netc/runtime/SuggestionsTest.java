package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean": the closest name, and between equally close ones the nearest in characters. */
class SuggestionsTest {
    private static final List<String> OPTIONS =
            List.of("name", "bias", "init", "bias_init", "l1", "l2", "bias_l1", "bias_l2");

    @Test
    void suggestsTheClosestName() {
        assertThat(Suggestions.closest("int", OPTIONS)).contains("init");
        assertThat(Suggestions.closest("dropot", List.of("dense", "dropout"))).contains("dropout");
    }

    @Test
    void betweenEquallyCloseNamesPrefersTheNearestCharacters() {
        assertThat(Suggestions.closest("l3", OPTIONS)).contains("l2");
        assertThat(Suggestions.closest("l0", OPTIONS)).contains("l1");
        assertThat(Suggestions.closest("bias_l3", OPTIONS)).contains("bias_l2");
    }

    @Test
    void suggestsNothingForAFarWordOrTheNameItself() {
        assertThat(Suggestions.closest("momentum", OPTIONS)).isEmpty();
        assertThat(Suggestions.closest("l2", OPTIONS)).isEmpty();
    }
}
