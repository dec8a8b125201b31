// Writes the hostile files (too large or too binary to keep in the repository) before the build.
import java.nio.file.Files
import java.util.zip.CRC32
import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream

File net = new File(basedir, 'src/main/net/com/acme')
Random random = new Random(4)

byte[] garbage = new byte[4096]
random.nextBytes(garbage)
garbage[0] = (byte) 0xC3 // a UTF-8 lead byte followed by garbage
garbage[1] = (byte) 0x28
new File(net, 'garbage.net').bytes = garbage
new File(net, 'long_line.net').setText('dense 4 -> 4 ' + 'relu ' * 400_000 + '@;', 'UTF-8')
new File(net, 'nul_bytes.net').setText('dense 4 -> 4;\u0000\u0000\u0000\ndense 4 -> 2;\n', 'UTF-8')
new File(net, 'huge_numbers.net').setText('seed 123456789012345678901234567890;\n'
        + 'dense ' + '9' * 100_000 + ' -> 4 leaky_relu(1e999999) init=uniform(-1e308, 1e308);\n', 'UTF-8')
new File(net, 'deep_nesting.net').setText('dense 4 -> 4 leaky_relu' + '(' * 100_000 + ')' * 100_000 + ';\n', 'UTF-8')
new File(net, 'bidi.net').setText('dense 4 -> 4 \u202Erelu;\n', 'UTF-8')

/** An .npy entry: magic, version 1.0, the header dict padded to 64 bytes, then the data. */
byte[] npy(String dict, byte[] data) {
    int pad = (64 - (10 + dict.length() + 1) % 64) % 64
    String header = dict + ' ' * pad + '\n'
    def out = new ByteArrayOutputStream()
    out.write([0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0].collect { it instanceof String ? (int) it.charAt(0) : it } as byte[])
    out.write(header.length() & 0xFF)
    out.write(header.length() >> 8)
    out.write(header.getBytes('ISO-8859-1'))
    out.write(data)
    return out.toByteArray()
}

byte[] f8(double... values) {
    def b = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
    values.each { b.putDouble(it) }
    return b.array()
}

/** A zip of name -> bytes; deflated entries. */
void zip(File file, Map<String, byte[]> entries) {
    file.withOutputStream { os ->
        new ZipOutputStream(os).withCloseable { zip ->
            entries.each { name, bytes ->
                zip.putNextEntry(new ZipEntry(name))
                zip.write(bytes)
                zip.closeEntry()
            }
        }
    }
}

String weights = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }"
String biases = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"
byte[] base = new File(basedir, 'base.npz').bytes

void network(File net, String name, String weightsFile) {
    new File(net, name + '.net').setText("weights \"${weightsFile}\";\ndense 2 -> 1 name=out;\n", 'UTF-8')
}

// A zip bomb: a header for 16 bytes of data, then 256 MB of zeros that deflate to about 250 KB.
new File(net, 'bomb.npz').withOutputStream { os ->
    new ZipOutputStream(os).withCloseable { zip ->
        zip.setLevel(9)
        zip.putNextEntry(new ZipEntry('out.weights.npy'))
        zip.write(npy(weights, f8(1, 2)))
        byte[] zeros = new byte[1 << 20]
        256.times { zip.write(zeros) }
        zip.closeEntry()
        zip.putNextEntry(new ZipEntry('out.biases.npy'))
        zip.write(npy(biases, f8(0.5)))
        zip.closeEntry()
    }
}
network(net, 'bomb', 'bomb.npz')

new File(net, 'truncated.npz').bytes = Arrays.copyOf(base, base.length.intdiv(2))
network(net, 'truncated', 'truncated.npz')

// Headers that lie: a shape the data does not fill, and integer data.
zip(new File(net, 'lying_shape.npz'), ['out.weights.npy': npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", f8(1)),
        'out.biases.npy': npy(biases, f8(0.5))])
network(net, 'lying_shape', 'lying_shape.npz')
zip(new File(net, 'lying_dtype.npz'), ['out.weights.npy': npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 1), }", f8(1, 2)),
        'out.biases.npy': npy(biases, f8(0.5))])
network(net, 'lying_dtype', 'lying_dtype.npz')
zip(new File(net, 'huge_shape.npz'), ['out.weights.npy': npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000, 2000000000), }", f8(1, 2)),
        'out.biases.npy': npy(biases, f8(0.5))])
network(net, 'huge_shape', 'huge_shape.npz')

// Entry names with paths in them.
zip(new File(net, 'path_trick.npz'), ['../../out.weights.npy': npy(weights, f8(1, 2)), 'out.biases.npy': npy(biases, f8(0.5))])
network(net, 'path_trick', 'path_trick.npz')
zip(new File(net, 'absolute_path.npz'), ['/etc/out.weights.npy': npy(weights, f8(1, 2)), 'out.biases.npy': npy(biases, f8(0.5))])
network(net, 'absolute_path', 'absolute_path.npz')

// Random bytes named .npz, and a bit flipped in a good file.
byte[] noise = new byte[2048]
random.nextBytes(noise)
new File(net, 'noise.npz').bytes = noise
network(net, 'noise', 'noise.npz')
byte[] flipped = base.clone()
flipped[150] ^= 0x10
new File(net, 'bit_flip.npz').bytes = flipped
network(net, 'bit_flip', 'bit_flip.npz')

// NaN and infinity are data: this file loads and its network is generated.
zip(new File(net, 'not_a_number.npz'), ['out.weights.npy': npy(weights, f8(Double.NaN, Double.POSITIVE_INFINITY)),
        'out.biases.npy': npy(biases, f8(Double.NEGATIVE_INFINITY))])
network(net, 'not_a_number', 'not_a_number.npz')

// A weights file that is a symbolic link to a file outside the project.
File outside = new File(basedir.parentFile, basedir.name + '-outside')
outside.mkdirs()
new File(outside, 'stolen.npz').bytes = base
Files.createSymbolicLink(new File(net, 'linked.npz').toPath(), new File(outside, 'stolen.npz').toPath())
network(net, 'linked', 'linked.npz')
// A weights path that climbs out of the project.
network(net, 'climbing', '../../../../../../' + basedir.name + '-outside/stolen.npz')
return true
