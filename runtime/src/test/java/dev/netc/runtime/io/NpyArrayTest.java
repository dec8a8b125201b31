package dev.netc.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NpyArrayTest {

    @Test
    void describesItselfLikeNumPy() {
        NpyArray a = NpyArray.ofFloats("dense_0.weights", new int[] {4, 16}, new float[64]);
        assertThat(a.name()).isEqualTo("dense_0.weights");
        assertThat(a.dtype()).isEqualTo(DType.F4);
        assertThat(a.shape()).containsExactly(4, 16);
        assertThat(a.rank()).isEqualTo(2);
        assertThat(a.size()).isEqualTo(64);
        assertThat(a.shapeString()).isEqualTo("(4, 16)");
        assertThat(a.toString()).isEqualTo("NpyArray['dense_0.weights' <f4 (4, 16)]");
        assertThat(a.header()).isEqualTo(new NpyHeader("dense_0.weights", DType.F4, new int[] {4, 16}, false));

        assertThat(NpyArray.ofDoubles("b", new int[] {3}, new double[3]).shapeString()).isEqualTo("(3,)");
        NpyArray scalar = NpyArray.ofDoubles("s", new int[0], new double[] {2.5});
        assertThat(scalar.shapeString()).isEqualTo("()");
        assertThat(scalar.size()).isEqualTo(1);
        assertThat(NpyArray.ofFloats("e", new int[] {0, 5}, new float[0]).size()).isZero();
    }

    @Test
    void dtypesKnowTheirDescrAndSize() {
        assertThat(DType.F4.descr()).isEqualTo("<f4");
        assertThat(DType.F4.itemSize()).isEqualTo(4);
        assertThat(DType.F8.descr()).isEqualTo("<f8");
        assertThat(DType.F8.itemSize()).isEqualTo(8);
        assertThat(DType.fromDescr("<f8")).contains(DType.F8);
        assertThat(DType.fromDescr(">f8")).isEmpty();
    }

    @Test
    void copiesDataInAndOut() {
        float[] data = {1, 2, 3};
        int[] shape = {3};
        NpyArray a = NpyArray.ofFloats("a", shape, data);
        data[0] = 99;
        shape[0] = 7;
        assertThat(a.toFloatArray()).containsExactly(1, 2, 3);
        assertThat(a.shape()).containsExactly(3);

        a.toFloatArray()[1] = 99;
        a.shape()[0] = 99;
        assertThat(a.toFloatArray()).containsExactly(1, 2, 3);
        assertThat(a.shape()).containsExactly(3);
    }

    @Test
    void convertsBetweenPrecisions() {
        NpyArray f = NpyArray.ofFloats("f", new int[] {2}, new float[] {0.1f, -2f});
        assertThat(f.toDoubleArray()).containsExactly((double) 0.1f, -2.0);

        NpyArray d = NpyArray.ofDoubles("d", new int[] {3}, new double[] {0.1, 1e300, -0.0});
        assertThat(d.toFloatArray()).containsExactly(0.1f, Float.POSITIVE_INFINITY, -0.0f);
        assertThat(d.toDoubleArray()).containsExactly(0.1, 1e300, -0.0);
    }

    @Test
    void equalityComparesEverythingBitForBit() {
        NpyArray a = NpyArray.ofFloats("a", new int[] {2}, new float[] {Float.NaN, 1});
        assertThat(a).isEqualTo(NpyArray.ofFloats("a", new int[] {2}, new float[] {Float.NaN, 1}));
        assertThat(a).hasSameHashCodeAs(NpyArray.ofFloats("a", new int[] {2}, new float[] {Float.NaN, 1}));
        assertThat(a).isNotEqualTo(NpyArray.ofFloats("a", new int[] {1, 2}, new float[] {Float.NaN, 1}));
        assertThat(a).isNotEqualTo(NpyArray.ofDoubles("a", new int[] {2}, new double[] {Double.NaN, 1}));
        assertThat(a).isNotEqualTo(NpyArray.ofFloats("b", new int[] {2}, new float[] {Float.NaN, 1}));
    }

    @Test
    void refusesDataThatDoesNotFitTheShape() {
        assertThatThrownBy(() -> NpyArray.ofFloats("w", new int[] {4, 16}, new float[63]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("array 'w': shape (4, 16) needs 64 elements but 63 were given");
        assertThatThrownBy(() -> NpyArray.ofDoubles("s", new int[0], new double[0]))
                .hasMessage("array 's': shape () needs 1 elements but 0 were given");
        assertThatThrownBy(() -> NpyArray.ofDoubles("n", new int[] {-1}, new double[0]))
                .hasMessageContaining("negative dimension");
        assertThatThrownBy(() -> NpyArray.ofFloats("big", new int[] {65536, 65536}, new float[0]))
                .hasMessageContaining("more elements than a Java array can hold");
    }

    @Test
    void refusesNamesThatCannotBeEntryNames() {
        assertThatThrownBy(() -> NpyArray.ofFloats("", new int[0], new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> NpyArray.ofFloats("../x", new int[0], new float[1]))
                .hasMessageContaining("path separator");
        assertThatThrownBy(() -> NpyArray.ofFloats("a\\b", new int[0], new float[1]))
                .hasMessageContaining("path separator");
        assertThatThrownBy(() -> NpyArray.ofFloats("a\nb", new int[0], new float[1]))
                .hasMessageContaining("control character").hasMessageContaining("'a\\x0ab'");
    }

    @Test
    void headersValidateAndCopyTheirShape() {
        int[] shape = {2, 3};
        NpyHeader h = new NpyHeader("w", DType.F8, shape, true);
        shape[0] = 9;
        assertThat(h.shape()).containsExactly(2, 3);
        assertThat(h.size()).isEqualTo(6);
        assertThat(h.dataBytes()).isEqualTo(48);
        assertThat(h.rank()).isEqualTo(2);
        assertThat(h.shapeString()).isEqualTo("(2, 3)");
        assertThat(h.toString()).isEqualTo("NpyHeader[name='w', dtype=<f8, shape=(2, 3), fortranOrder=true]");
        assertThatThrownBy(() -> new NpyHeader("w", DType.F4, new int[] {3, -2}, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(NpyHeader.MAX_ELEMENTS).isEqualTo(Integer.MAX_VALUE - 8);
    }
}
