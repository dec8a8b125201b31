package dev.netc.runtime.io;

import static dev.netc.runtime.io.TestZips.deflated;
import static dev.netc.runtime.io.TestZips.f4;
import static dev.netc.runtime.io.TestZips.f8;
import static dev.netc.runtime.io.TestZips.npy;
import static dev.netc.runtime.io.TestZips.stored;
import static dev.netc.runtime.io.TestZips.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NpzReader#listing}: every array's problem of a file at once, the archive's own still fatal. */
class NpzListingTest {
    @TempDir
    Path dir;

    @Test
    void arraysAtFaultAreListedWithTheirProblemsAndTheRestStillRead() throws IOException {
        Path file = write("mixed.npz", zip(
                stored("ints.npy", npy("<i4", "(2, 2)", new byte[16])),
                deflated("good.npy", npy("<f4", "(2,)", f4(1, 2))),
                stored("text.npy", "not an array".getBytes(StandardCharsets.US_ASCII)),
                deflated("short.npy", npy("<f8", "(3,)", f8(1, 2))),
                stored("last.npy", npy("<f8", "()", f8(3)))));

        NpzReader.Listing listing = NpzReader.listing(file);

        assertThat(listing.headers()).extracting(NpyHeader::name).containsExactly("good", "last");
        assertThat(listing.refused()).containsOnlyKeys("ints", "text", "short");
        assertThat(listing.refused().get("ints"))
                .isEqualTo("mixed.npz: array 'ints': dtype '<i4' is not supported, expected '<f4' or '<f8'");
        assertThat(listing.refused().get("text")).isEqualTo("mixed.npz: array 'text': not an .npy array: it does not"
                + " start with the magic string \\x93NUMPY");
        assertThat(listing.refused().get("short"))
                .isEqualTo("mixed.npz: array 'short': header says shape (3,) (24 bytes) but the entry holds 16 bytes");
        // headers() and read() still stop at the first of them.
        assertThatThrownBy(() -> NpzReader.headers(file)).hasMessage(listing.refused().get("ints"));
    }

    @Test
    void anArrayOfUndeclaredSizeStillEndsTheListing() throws IOException {
        TestZips.Spec streamed = stored("ints.npy", npy("<i4", "(2,)", new byte[8]));
        streamed.descriptor = true;
        Path file = write("streamed.npz", zip(streamed, stored("good.npy", npy("<f4", "(1,)", f4(1)))));

        assertThatThrownBy(() -> NpzReader.listing(file))
                .hasMessage("streamed.npz: array 'ints': dtype '<i4' is not supported, expected '<f4' or '<f8'");
    }

    @Test
    void aDamagedArchiveIsStillAnError() throws IOException {
        byte[] bytes = zip(stored("ints.npy", npy("<i4", "(2,)", new byte[8])), stored("good.npy",
                npy("<f4", "(1,)", f4(1))));
        Path file = write("cut.npz", java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> NpzReader.listing(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cut.npz: ");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
