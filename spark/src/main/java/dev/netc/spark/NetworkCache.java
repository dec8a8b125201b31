package dev.netc.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The networks one JVM keeps, by their supplier's key: the {@value #CAPACITY} used last. An executor that scores
 * with more models over its life drops the one it used least recently (and makes it again if it comes back), so
 * it holds a bounded number of networks' weights however long it runs.
 *
 * <p>Thread-safe: task threads asking for the same key wait while one of them makes the network.
 */
final class NetworkCache {
    /** Networks kept per JVM: the models a job or a pipeline scores with, and room to spare. */
    static final int CAPACITY = 8;

    /** In access order, so the eldest entry is the least recently used. */
    @SuppressWarnings("serial")
    private static final Map<String, Slot> SLOTS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            return size() > CAPACITY;
        }
    };

    private NetworkCache() {}

    /** The network {@code key} names, made by {@code make} unless this JVM has it. */
    static Object get(String key, Supplier<?> make) {
        Slot slot;
        synchronized (SLOTS) {
            slot = SLOTS.computeIfAbsent(key, k -> new Slot());
        }
        return slot.get(make);
    }

    /** One key's network, made under the slot's lock, not the map's: a slow supplier holds up only its key. */
    private static final class Slot {
        private Object network;

        synchronized Object get(Supplier<?> make) {
            if (network == null) {
                network = make.get();
            }
            return network;
        }
    }
}
