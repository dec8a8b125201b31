package dev.netc.runtime.io;

import static dev.netc.runtime.io.TestZips.concat;
import static dev.netc.runtime.io.TestZips.deflated;
import static dev.netc.runtime.io.TestZips.f4;
import static dev.netc.runtime.io.TestZips.f8;
import static dev.netc.runtime.io.TestZips.npy;
import static dev.netc.runtime.io.TestZips.stored;
import static dev.netc.runtime.io.TestZips.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of damaged or unsupported file is refused with an {@link IOException} whose message
 * names the file, the array or entry, and what was expected.
 */
class MalformedNpzTest {
    private static final String FILE = "weights.npz";

    /** A valid two-array archive (stored) for cutting and flipping. */
    static byte[] valid() {
        return zip(stored("a.npy", npy("<f4", "(2, 2)", f4(1, 2, 3, 4))),
                stored("b.npy", npy("<f8", "(3,)", f8(5, 6, 7))));
    }

    static byte[] one(String descr, String shape, byte[] data) {
        return zip(stored("a.npy", npy(descr, shape, data)));
    }

    static byte[] oneDict(String dict) {
        return zip(stored("a.npy", npy(1, dict, f4(1))));
    }

    static byte[] flipped(byte[] bytes, int index, int bit) {
        byte[] copy = bytes.clone();
        copy[index] ^= (byte) (1 << bit);
        return copy;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    static Arguments bad(String what, Supplier<byte[]> bytes, String... expected) {
        return arguments(what, bytes, List.of(expected));
    }

    static Stream<Arguments> catalogue() {
        byte[] valid = valid();
        int cen = indexOf(valid, new byte[] {'P', 'K', 1, 2}, 0);
        int firstData = indexOf(valid, f4(1, 2, 3, 4), 0);
        TestZips.Spec deflatedWithDescriptor = deflated("a.npy", npy("<f4", "(4, 4)", new byte[60]));
        deflatedWithDescriptor.descriptor = true;
        TestZips.Spec longWithDescriptor = deflated("a.npy", npy("<f4", "(4, 4)", new byte[68]));
        longWithDescriptor.descriptor = true;
        TestZips.Spec lyingSize = deflated("a.npy", npy("<f4", "(4,)", new byte[32]));
        lyingSize.localUsize = (long) npy("<f4", "(4,)", new byte[16]).length;
        TestZips.Spec badUtf8 = stored("x", npy("<f4", "()", f4(1)));
        badUtf8.nameBytes = new byte[] {'a', (byte) 0xC3, (byte) 0x28, '.', 'n', 'p', 'y'};
        badUtf8.flags = 1 << 11;
        TestZips.Spec encrypted = stored("a.npy", npy("<f4", "()", f4(1)));
        encrypted.flags = 1;
        TestZips.Spec bzip2 = stored("a.npy", npy("<f4", "()", f4(1)));
        bzip2.method = 12;
        TestZips.Spec badCrc = stored("a.npy", npy("<f4", "()", f4(1)));
        badCrc.crc = 0x12345678L;
        TestZips.Spec corruptDeflate = stored("a.npy", new byte[0]);
        corruptDeflate.method = 8;
        corruptDeflate.compressed = new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0};
        corruptDeflate.crc = 0L;
        corruptDeflate.size = 100L;
        String ones65 = "(" + "1, ".repeat(65) + ")";

        return Stream.of(
                // --- not an archive at all
                bad("empty file", () -> new byte[0], "weights.npz: the file is empty, not a zip archive"),
                bad("not a zip", () -> "just some text, definitely not weights".getBytes(StandardCharsets.US_ASCII),
                        "weights.npz: not a zip archive (an .npz file is a zip of .npy arrays)"),
                bad("a bare .npy file", () -> npy("<f4", "(1,)", f4(1)),
                        "weights.npz: this is a single .npy array, not an .npz archive"),
                bad("gzip file", () -> new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3},
                        "weights.npz: not a zip archive"),

                // --- damaged archives
                bad("truncated inside a local header", () -> Arrays.copyOf(valid, 20),
                        "weights.npz: truncated: the file ends inside the local header of entry #1"),
                bad("truncated inside data", () -> Arrays.copyOf(valid, firstData + 5),
                        "weights.npz: truncated: the file ends inside the data of entry 'a.npy'"),
                bad("truncated before the central directory", () -> Arrays.copyOf(valid, cen),
                        "weights.npz: truncated: the file ends where entry #3 or the central directory should start"),
                bad("truncated inside the central directory", () -> Arrays.copyOf(valid, cen + 30),
                        "weights.npz: truncated: the file ends inside the central directory"),
                bad("truncated end record", () -> Arrays.copyOf(valid, valid.length - 5),
                        "weights.npz: truncated: the file ends inside the end of central directory record"),
                bad("bit flipped in stored data", () -> flipped(valid, firstData + 3, 2),
                        "weights.npz: entry 'a.npy': CRC-32 mismatch", "the file is corrupt"),
                bad("bit flipped in a local name", () -> flipped(valid, 30, 1),
                        "weights.npz: the central directory lists entry 'a.npy' where the archive holds entry 'c.npy'"),
                bad("bit flipped in the central directory CRC", () -> flipped(valid, cen + 16, 0),
                        "weights.npz: entry 'a.npy': the central directory and the local header disagree on the CRC-32"),
                bad("wrong CRC", () -> zip(badCrc), "entry 'a.npy': CRC-32 mismatch"),
                bad("corrupt deflate data", () -> zip(corruptDeflate),
                        "weights.npz: entry 'a.npy': corrupt deflate data"),
                bad("central directory missing an entry",
                        () -> zip(List.of(stored("a.npy", npy("<f4", "()", f4(1))), stored("b.npy", npy("<f4", "()", f4(2)))), 1, true),
                        "weights.npz: entry 'b.npy' is missing from the central directory"),
                bad("no end record", () -> zip(List.of(stored("a.npy", npy("<f4", "()", f4(1)))), 1, false),
                        "weights.npz: truncated: the file ends inside the central directory"),
                bad("garbage after the archive", () -> concat(valid, "junk".getBytes(StandardCharsets.US_ASCII)),
                        "weights.npz: unexpected bytes after the end of the zip archive"),
                bad("garbage between entries", () -> {
                    byte[] a = zip(stored("a.npy", npy("<f4", "()", f4(1))));
                    int end = indexOf(a, new byte[] {'P', 'K', 1, 2}, 0);
                    return concat(Arrays.copyOf(a, end), new byte[] {1, 2, 3, 4}, Arrays.copyOfRange(a, end, a.length));
                }, "weights.npz: unexpected bytes at offset", "where a zip entry or the central directory should start"),
                bad("encrypted entry", () -> zip(encrypted), "weights.npz: entry 'a.npy' is encrypted"),
                bad("unsupported compression", () -> zip(bzip2),
                        "weights.npz: entry 'a.npy' uses compression method 12, expected stored (0) or deflated (8)"),
                bad("zip header lies about the inflated size", () -> zip(lyingSize),
                        "weights.npz: entry 'a.npy': inflates to more than the 144 bytes its zip header declares"),

                // --- entry names
                bad("parent path", () -> zip(stored("../evil.npy", npy("<f4", "()", f4(1)))),
                        "weights.npz: entry '../evil.npy' has a path in its name"),
                bad("absolute path", () -> zip(stored("/etc/evil.npy", npy("<f4", "()", f4(1)))),
                        "weights.npz: entry '/etc/evil.npy' has a path in its name"),
                bad("backslash path", () -> zip(stored("..\\evil.npy", npy("<f4", "()", f4(1)))),
                        "weights.npz: entry '..\\\\evil.npy' has a path in its name"),
                bad("directory entry", () -> zip(stored("dir/", new byte[0])),
                        "weights.npz: entry 'dir/' has a path in its name"),
                bad("not an .npy entry", () -> zip(stored("x.txt", "hello".getBytes(StandardCharsets.US_ASCII))),
                        "weights.npz: entry 'x.txt' is not an .npy array"),
                bad("upper-case extension", () -> zip(stored("a.NPY", npy("<f4", "()", f4(1)))),
                        "weights.npz: entry 'a.NPY' is not an .npy array"),
                bad("empty array name", () -> zip(stored(".npy", npy("<f4", "()", f4(1)))),
                        "weights.npz: entry '.npy': array name is empty"),
                bad("control character in name", () -> zip(stored("a\nb.npy", npy("<f4", "()", f4(1)))),
                        "weights.npz: entry 'a\\x0ab.npy': array name 'a\\x0ab' contains a control character"),
                bad("name not UTF-8", () -> zip(badUtf8), "weights.npz: entry #1 has a name that is not valid UTF-8"),
                bad("duplicate entries", () -> zip(stored("a.npy", npy("<f4", "()", f4(1))), stored("a.npy", npy("<f4", "()", f4(2)))),
                        "weights.npz: duplicate array 'a'"),

                // --- .npy preamble
                bad("empty entry", () -> zip(stored("a.npy", new byte[0])),
                        "weights.npz: array 'a': the entry is empty, expected an .npy array"),
                bad("bad magic", () -> {
                    byte[] n = npy("<f4", "()", f4(1));
                    n[5] = 'Z';
                    return zip(stored("a.npy", n));
                }, "weights.npz: array 'a': not an .npy array: it does not start with the magic string \\x93NUMPY"),
                bad("version 4.0", () -> zip(stored("a.npy", npy(4, "{}", new byte[0]))),
                        "weights.npz: array 'a': unsupported .npy format version 4.0, expected 1.0, 2.0 or 3.0"),
                bad("version 1.1", () -> {
                    byte[] n = npy("<f4", "()", f4(1));
                    n[7] = 1;
                    return zip(stored("a.npy", n));
                }, "unsupported .npy format version 1.1"),
                bad("header too long", () -> zip(stored("a.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, 0x7F})),
                        "weights.npz: array 'a': the .npy header claims to be 2147483647 bytes long, more than the 1048576 allowed"),
                bad("header longer than the entry", () -> zip(stored("a.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) 0xE8, 3, '{', '}'})),
                        "weights.npz: array 'a': the .npy header claims to be 1000 bytes long but the entry holds only 2 bytes"),
                bad("header truncated", () -> zip(stored("a.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1})),
                        "weights.npz: array 'a': the .npy header is truncated"),

                // --- header dict
                bad("unparsable dict", () -> oneDict("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), "),
                        "weights.npz: array 'a': the .npy header is not a valid Python dict literal"),
                bad("unterminated string", () -> oneDict("{'descr: '<f4'}"),
                        "the .npy header is not a valid Python dict literal"),
                bad("not a dict", () -> oneDict("[1, 2, 3]"),
                        "weights.npz: array 'a': the .npy header is not a Python dict but a list"),
                bad("deeply nested", () -> oneDict("(".repeat(5000)),
                        "the .npy header is not a valid Python dict literal: nested more than 16 levels deep"),
                bad("missing shape", () -> oneDict("{'descr': '<f4', 'fortran_order': False}"),
                        "weights.npz: array 'a': the .npy header has no 'shape' key (expected 'descr', 'fortran_order' and 'shape')"),
                bad("missing descr", () -> oneDict("{'fortran_order': False, 'shape': (1,)}"),
                        "the .npy header has no 'descr' key"),
                bad("unexpected key", () -> oneDict("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}"),
                        "weights.npz: array 'a': the .npy header has an unexpected key 'extra'"),
                bad("repeated key", () -> oneDict("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}"),
                        "key 'descr' appears twice"),
                bad("fortran_order not a bool", () -> oneDict("{'descr': '<f4', 'fortran_order': 1, 'shape': (1,)}"),
                        "weights.npz: array 'a': fortran_order is 1, expected True or False"),
                bad("shape a list", () -> oneDict("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}"),
                        "weights.npz: array 'a': shape is [1], expected a tuple of integers"),
                bad("shape of strings", () -> oneDict("{'descr': '<f4', 'fortran_order': False, 'shape': ('1',)}"),
                        "shape ('1',) is not a tuple of integers"),
                bad("float dimension", () -> oneDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,)}"),
                        "the .npy header is not a valid Python dict literal: only integers are expected here"),

                // --- dtypes
                bad("int64", () -> one("<i8", "(1,)", new byte[8]),
                        "weights.npz: array 'a': dtype '<i8' is not supported, expected '<f4' or '<f8'"),
                bad("int32", () -> one("<i4", "(1,)", new byte[4]),
                        "weights.npz: array 'a': dtype '<i4' is not supported, expected '<f4' or '<f8'"),
                bad("big-endian float", () -> one(">f4", "(1,)", new byte[4]),
                        "weights.npz: array 'a': dtype '>f4' is not supported (big-endian; convert with arr.astype('<f4')), expected '<f4' or '<f8'"),
                bad("Python objects", () -> one("|O", "(1,)", new byte[8]),
                        "weights.npz: array 'a': dtype '|O' is not supported (Python objects), expected '<f4' or '<f8'"),
                bad("complex", () -> one("<c8", "(1,)", new byte[8]),
                        "weights.npz: array 'a': dtype '<c8' is not supported, expected '<f4' or '<f8'"),
                bad("half precision", () -> one("<f2", "(1,)", new byte[2]), "dtype '<f2' is not supported"),
                bad("structured", () -> oneDict("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,)}"),
                        "weights.npz: array 'a': dtype [('x', '<f4')] is not supported (structured dtypes are not supported), expected '<f4' or '<f8'"),

                // --- shapes
                bad("negative dimension", () -> one("<f4", "(3, -1)", new byte[0]),
                        "weights.npz: array 'a': shape (3, -1) has a negative dimension"),
                bad("byte size overflows a long", () -> one("<f8", "(4611686018427387904, 4)", new byte[0]),
                        "weights.npz: array 'a': shape (4611686018427387904, 4) has more elements than a Java array can hold (at most 2147483639)"),
                bad("dimension beyond any integer type", () -> one("<f4", "(123456789012345678901234567890,)", new byte[0]),
                        "shape (123456789012345678901234567890,) has more elements than a Java array can hold"),
                bad("product too big", () -> one("<f4", "(100000, 100000)", new byte[0]),
                        "weights.npz: array 'a': shape (100000, 100000) has more elements than a Java array can hold"),
                bad("empty but unrepresentable", () -> one("<f4", "(0, 99999999999)", new byte[0]),
                        "shape (0, 99999999999) has a dimension larger than 2147483639"),
                bad("too many dimensions", () -> one("<f4", ones65, f4(1)),
                        "weights.npz: array 'a': shape has 65 dimensions, at most 64 are supported"),
                bad("absurd number", () -> one("<f4", "(" + "9".repeat(100) + ",)", new byte[0]),
                        "number has more than 40 digits"),

                // --- data size
                bad("data too short", () -> one("<f4", "(4, 4)", new byte[60]),
                        "weights.npz: array 'a': header says shape (4, 4) (64 bytes) but the entry holds 60 bytes"),
                bad("data too long", () -> one("<f4", "(4, 4)", new byte[68]),
                        "weights.npz: array 'a': header says shape (4, 4) (64 bytes) but the entry holds 68 bytes"),
                bad("trailing garbage", () -> one("<f8", "(2,)", concat(f8(1, 2), "xyz".getBytes(StandardCharsets.US_ASCII))),
                        "weights.npz: array 'a': header says shape (2,) (16 bytes) but the entry holds 19 bytes"),
                bad("scalar without data", () -> one("<f8", "()", new byte[0]),
                        "weights.npz: array 'a': header says shape () (8 bytes) but the entry holds 0 bytes"),
                bad("deflated, sizes after the data, too short", () -> zip(deflatedWithDescriptor),
                        "weights.npz: array 'a': header says shape (4, 4) (64 bytes) but the entry holds 60 bytes"),
                bad("deflated, sizes after the data, too long", () -> zip(longWithDescriptor),
                        "weights.npz: array 'a': header says shape (4, 4) (64 bytes) but the entry holds more than 64 bytes"),
                bad("deflated, too long", () -> zip(deflated("a.npy", npy("<f4", "(2,)", new byte[12]))),
                        "weights.npz: array 'a': header says shape (2,) (8 bytes) but the entry holds 12 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void isRefusedWithAClearMessage(String what, Supplier<byte[]> bytes, List<String> expected) {
        byte[] file = bytes.get();
        Throwable thrown = catchThrowable(() -> NpzReader.read(new ByteArrayInputStream(file), FILE, HeaderCheck.NONE));
        assertThat(thrown).as(what).isInstanceOf(IOException.class);
        assertThat(thrown.getMessage()).as(what).startsWith(FILE + ": ");
        for (String part : expected) {
            assertThat(thrown.getMessage()).as(what).contains(part);
        }
        // Listing headers reads and verifies the same bytes, so it must refuse them too.
        Throwable listing = catchThrowable(() -> NpzReader.headers(new ByteArrayInputStream(file), FILE));
        assertThat(listing).as(what).isInstanceOf(IOException.class);
    }
}
