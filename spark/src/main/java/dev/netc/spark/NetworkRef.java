package dev.netc.spark;

import dev.netc.runtime.DoubleNetwork;
import dev.netc.runtime.FloatNetwork;
import dev.netc.runtime.Precision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A network as Spark ships it: the supplier's serialized form, a key naming it, and the precision it computes in
 * (the one place that decides between {@link FloatNetwork} and {@link DoubleNetwork}; the interpreter is both).
 * Each JVM keeps the network a key names in its {@link NetworkCache}, so the supplier runs once per JVM whatever
 * the number of tasks, partitions or queries: the key is a digest of the serialized supplier, equal for
 * {@code Iris::pretrained} in every query and different for a lambda that captures different values. Networks
 * are immutable and thread-safe, so task threads share them.
 */
final class NetworkRef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final byte[] supplier;
    private final Precision precision;
    /**
     * The network once this instance has asked for it, so that a SQL function, which asks for every row, goes to
     * the cache once per task (each task has its own copy of this object).
     */
    private transient volatile Object network;

    private NetworkRef(String key, byte[] supplier, Precision precision) {
        this.key = key;
        this.supplier = supplier;
        this.precision = precision;
    }

    /** A float network; serializes {@code supplier} on the driver, so that one that cannot be shipped fails here. */
    static NetworkRef of(SerializableSupplier<? extends FloatNetwork> supplier) {
        return of(supplier, Precision.FLOAT);
    }

    /** As {@link #of}, for a double network. */
    static NetworkRef ofDouble(SerializableSupplier<? extends DoubleNetwork> supplier) {
        return of(supplier, Precision.DOUBLE);
    }

    private static NetworkRef of(SerializableSupplier<?> supplier, Precision precision) {
        if (supplier == null) {
            throw new NullPointerException("network supplier");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(supplier);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the network supplier captures a value that is not serializable ("
                    + e.getMessage() + "): Spark must ship it to the executors; capture a path or a seed, not a network",
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the network supplier cannot be serialized: " + e, e);
        }
        byte[] serialized = bytes.toByteArray();
        return new NetworkRef(digest(serialized), serialized, precision);
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    Precision precision() {
        return precision;
    }

    /** This JVM's float network, made by the supplier on first use. */
    FloatNetwork floatNetwork() {
        return (FloatNetwork) network();
    }

    /** This JVM's double network, made by the supplier on first use. */
    DoubleNetwork doubleNetwork() {
        return (DoubleNetwork) network();
    }

    /** Values per row the network takes. */
    int inputSize() {
        return precision == Precision.DOUBLE ? doubleNetwork().inputSize() : floatNetwork().inputSize();
    }

    private Object network() {
        Object made = network;
        if (made == null) {
            network = made = NetworkCache.get(key, this::make);
        }
        return made;
    }

    private Object make() {
        Object made = supplier().get();
        if (made == null) {
            throw new IllegalStateException("the network supplier returned null");
        }
        return made;
    }

    private SerializableSupplier<?> supplier() {
        try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(supplier))) {
            return (SerializableSupplier<?>) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the network supplier on this JVM (is the jar with the"
                    + " network's class on the executors' class path?): " + e, e);
        }
    }

    /** Resolves classes as Spark's executors do: with the task thread's loader, which sees the user's jars. */
    private static final class ContextObjectInputStream extends ObjectInputStream {
        ContextObjectInputStream(ByteArrayInputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                return super.resolveClass(desc);
            }
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
