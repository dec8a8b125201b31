package dev.netc.runtime.io;

import static dev.netc.runtime.io.TestZips.npy;
import static dev.netc.runtime.io.TestZips.stored;
import static dev.netc.runtime.io.TestZips.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Data files hold class labels in whatever integer dtype NumPy gave them; a reader that asks for those
 * dtypes gets them, exactly, while weight files stay floats only.
 */
class IntegerDtypesTest {
    private static final Set<DType> ALL = EnumSet.allOf(DType.class);

    private static List<NpyArray> read(byte[] npz, Set<DType> dtypes) throws IOException {
        return NpzReader.read(new ByteArrayInputStream(npz), "data.npz", dtypes, HeaderCheck.NONE);
    }

    private static byte[] one(String descr, String shape, byte... data) {
        return zip(stored("labels.npy", npy(descr, shape, data)));
    }

    @Test
    void everyIntegerAndBoolDtypeReadsAsNumpyWroteIt() throws IOException {
        assertThat(values("|i1", 0x01, 0xFF)).containsExactly(1, -1);
        assertThat(values("|u1", 0x01, 0xFF)).containsExactly(1, 255);
        assertThat(values("<i2", 0x01, 0x00, 0x00, 0x80)).containsExactly(1, -32768);
        assertThat(values("<u2", 0x01, 0x00, 0x00, 0x80)).containsExactly(1, 32768);
        assertThat(values("<i4", 0x02, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF)).containsExactly(2, -1);
        assertThat(values("<u4", 0x02, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF)).containsExactly(2, 4294967295.0);
        assertThat(values("<i8", 3, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF))
                .containsExactly(3, -1);
        assertThat(values("<u8", 3, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF))
                .containsExactly(3, 18446744073709551615.0);
        assertThat(values("|b1", 0, 1)).containsExactly(0, 1);
        // One byte has no byte order: NumPy reads '<u1' as '|u1', and so does netc.
        assertThat(values("<u1", 0x01, 0xFF)).containsExactly(1, 255);
        assertThat(read(one("<u1", "(2,)", (byte) 1, (byte) -1), ALL).get(0).dtype()).isEqualTo(DType.U1);
    }

    @Test
    void fortranOrderIntegersComeBackInCOrder() throws IOException {
        byte[] npz = zip(stored("labels.npy", npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }",
                new byte[] {1, 4, 2, 5, 3, 6})));

        NpyArray array = read(npz, ALL).get(0);

        assertThat(array.shape()).containsExactly(2, 3);
        assertThat(array.toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(array.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void integerArraysWriteBackAsTheyWereRead() throws IOException {
        byte[] npz = zip(stored("a.npy", npy("<i2", "(2,)", new byte[] {1, 0, 0, (byte) 0x80})),
                stored("b.npy", npy("|b1", "(3,)", new byte[] {1, 0, 1})));
        List<NpyArray> arrays = read(npz, ALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        NpzWriter.write(out, arrays);

        assertThat(read(out.toByteArray(), ALL)).isEqualTo(arrays);
        // Weight files stay floats: a check that lists them refuses the same file.
        assertThatThrownBy(() -> NpzReader.headers(new ByteArrayInputStream(out.toByteArray()), "again.npz"))
                .hasMessage("again.npz: array 'a': dtype '<i2' is not supported, expected '<f4' or '<f8'");
    }

    @Test
    void aDtypeNotAskedForIsRefusedNamingTheFileTheArrayAndWhatWasExpected() {
        assertThatThrownBy(() -> read(one("<i8", "(1,)", new byte[8]), DType.FLOATS))
                .isInstanceOf(IOException.class)
                .hasMessage("data.npz: array 'labels': dtype '<i8' is not supported, expected '<f4' or '<f8'");
        assertThatThrownBy(() -> read(one(">i8", "(1,)", new byte[8]), ALL))
                .hasMessage("data.npz: array 'labels': dtype '>i8' is not supported (big-endian; convert with"
                        + " arr.astype('<i8')), expected '<f4', '<f8', '|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4',"
                        + " '<u8' or '|b1'");
        assertThatThrownBy(() -> read(one("<f2", "(1,)", new byte[2]), EnumSet.of(DType.F8, DType.I8)))
                .hasMessage("data.npz: array 'labels': dtype '<f2' is not supported, expected '<f8' or '<i8'");
    }

    private static double[] values(String descr, int... bytes) throws IOException {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        int count = bytes.length / Math.max(1, Integer.parseInt(descr.substring(2)));
        List<NpyArray> arrays = read(one(descr, "(" + count + ",)", data), ALL);
        assertThat(arrays).singleElement().satisfies(a -> assertThat(a.dtype().descr().substring(1))
                .isEqualTo(descr.substring(1)));
        return arrays.get(0).toDoubleArray();
    }
}
