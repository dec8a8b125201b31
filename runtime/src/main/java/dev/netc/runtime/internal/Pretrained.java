package dev.netc.runtime.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The network behind a generated class's {@code pretrained()}: read from the weights bundled next
 * to the class on first use, then shared (networks are immutable), as {@code dagger.internal.DoubleCheck}
 * holds a singleton.
 *
 * <p>Thread-safe: the first callers wait for one load; a load that fails is tried again by the next call.
 *
 * @param <T> the generated network class
 */
public final class Pretrained<T> {
    /** Reads a network from the bytes of an {@code .npz} file. */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * @param npz the resource's bytes
         * @param name the resource's name, for messages
         * @return the network
         * @throws IOException if the bytes do not hold the network's weights
         */
        T read(InputStream npz, String name) throws IOException;
    }

    private final Class<?> owner;
    private final String name;
    private final Function<String, InputStream> resources;
    private final Reader<T> reader;
    private volatile T value;

    /**
     * @param owner the generated class, which the messages name
     * @param name the resource, relative to {@code owner}: {@code Mlp.npz}
     * @param resources {@code owner}'s {@code getResourceAsStream}, called in the generated class so
     *     that a resource in the class's own module is found
     * @param reader the network from the resource's bytes
     */
    public Pretrained(Class<?> owner, String name, Function<String, InputStream> resources, Reader<T> reader) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.name = Objects.requireNonNull(name, "name");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * The network, loaded by the first call.
     *
     * @return the same instance on every call
     * @throws UncheckedIOException if the resource is missing or does not hold the network's weights
     */
    public T get() {
        T network = value;
        if (network == null) {
            synchronized (this) {
                network = value;
                if (network == null) {
                    network = load();
                    value = network;
                }
            }
        }
        return network;
    }

    private T load() {
        try (InputStream in = resources.apply(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + name + " is missing next to "
                        + owner.getName() + "; netc:generate bundles it with the class"));
            }
            return reader.read(new BufferedInputStream(in), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the pretrained weights " + name, e);
        }
    }
}
