package dev.netc.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-JVM cache on its own, with keys no other test uses (the cache is static, shared with NetcSparkTest). */
class NetworkCacheTest {
    private final String prefix = "NetworkCacheTest-" + System.nanoTime() + "-";
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static Supplier<Object> counting(AtomicInteger made) {
        return () -> {
            made.incrementAndGet();
            return new Object();
        };
    }

    @Test
    void keepsTheNetworksUsedLastAndMakesADroppedOneAgain() {
        int models = NetworkCache.CAPACITY + 1;
        AtomicInteger[] made = new AtomicInteger[models];
        Object[] networks = new Object[models];
        for (int i = 0; i < NetworkCache.CAPACITY; i++) {
            made[i] = new AtomicInteger();
            networks[i] = NetworkCache.get(prefix + i, counting(made[i]));
        }
        // Using model 0 again makes model 1 the least recently used, which the next new model drops.
        assertThat(NetworkCache.get(prefix + 0, counting(made[0]))).isSameAs(networks[0]);
        made[models - 1] = new AtomicInteger();
        networks[models - 1] = NetworkCache.get(prefix + (models - 1), counting(made[models - 1]));
        for (int i = 0; i < models; i++) {
            if (i != 1) {
                assertThat(NetworkCache.get(prefix + i, counting(made[i]))).as("model %d", i).isSameAs(networks[i]);
            }
        }
        assertThat(NetworkCache.get(prefix + 1, counting(made[1]))).isNotSameAs(networks[1]);
        assertThat(made).extracting(AtomicInteger::get).containsExactly(1, 2, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void threadsAskingAtOnceWaitForOneNetwork() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Supplier<Object> slow = () -> {
            made.incrementAndGet();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // the others arrive meanwhile
            return new Object();
        };
        List<Future<Object>> asked = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            asked.add(pool.submit(() -> {
                start.await();
                return NetworkCache.get(prefix + "shared", slow);
            }));
        }
        start.countDown();
        Object network = asked.get(0).get(10, TimeUnit.SECONDS);
        for (Future<Object> other : asked) {
            assertThat(other.get(10, TimeUnit.SECONDS)).isSameAs(network);
        }
        assertThat(made).hasValue(1);
    }

    @Test
    void aSlowSupplierHoldsUpOnlyItsOwnKey() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch making = new CountDownLatch(1);
        Future<Object> slow = pool.submit(() -> NetworkCache.get(prefix + "slow", () -> {
            making.countDown();
            await(release);
            return new Object();
        }));
        assertThat(making.await(10, TimeUnit.SECONDS)).isTrue();
        // While the slow one is being made, another key is answered at once.
        Future<Object> other = pool.submit(() -> NetworkCache.get(prefix + "quick", Object::new));
        assertThat(other.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(slow.isDone()).isFalse();
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
