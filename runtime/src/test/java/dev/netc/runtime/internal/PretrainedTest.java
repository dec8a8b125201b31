package dev.netc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared instance behind a generated {@code pretrained()}, and what its users see when it cannot be had. */
class PretrainedTest {
    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheResourceOnceAndSharesTheResult() {
        AtomicInteger reads = new AtomicInteger();
        List<String> asked = new ArrayList<>();
        Pretrained<String> pretrained = new Pretrained<>(PretrainedTest.class, "Mlp.npz", name -> {
            asked.add(name);
            return bytes("weights");
        }, (npz, name) -> {
            reads.incrementAndGet();
            return new String(npz.readAllBytes(), StandardCharsets.UTF_8) + " of " + name;
        });

        String first = pretrained.get();

        assertThat(first).isEqualTo("weights of Mlp.npz");
        assertThat(pretrained.get()).isSameAs(first);
        assertThat(reads).hasValue(1);
        assertThat(asked).containsExactly("Mlp.npz");
    }

    @Test
    void threadsThatAskAtOnceGetOneInstance() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Pretrained<Object> pretrained = new Pretrained<>(PretrainedTest.class, "Mlp.npz", name -> bytes(""),
                (npz, name) -> {
                    reads.incrementAndGet();
                    sleepQuietly(50); // a slow read, so that the other threads ask while it goes on
                    return new Object();
                });
        CountDownLatch start = new CountDownLatch(1);
        Object[] seen = new Object[8];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < seen.length; t++) {
            int slot = t;
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                seen[slot] = pretrained.get();
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(reads).hasValue(1);
        assertThat(seen).allSatisfy(network -> assertThat(network).isSameAs(seen[0]));
    }

    @Test
    void aMissingResourceNamesItsClassAndTheGoalThatBundlesIt() {
        Pretrained<Object> pretrained = new Pretrained<>(PretrainedTest.class, "Mlp.npz", name -> null,
                (npz, name) -> new Object());

        assertThatThrownBy(pretrained::get)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("java.io.IOException: resource Mlp.npz is missing next to"
                        + " dev.netc.runtime.internal.PretrainedTest; netc:generate bundles it with the class")
                .cause().isInstanceOf(IOException.class)
                .hasMessage("resource Mlp.npz is missing next to dev.netc.runtime.internal.PretrainedTest;"
                        + " netc:generate bundles it with the class");
    }

    @Test
    void weightsThatDoNotFitAreReportedWithTheReadersMessageAsCauseAndTriedAgainNextTime() {
        AtomicInteger reads = new AtomicInteger();
        IOException problem = new IOException("dense_0.weights: expected shape (4, 16) but got (4, 8)");
        Pretrained<Object> pretrained = new Pretrained<>(PretrainedTest.class, "Mlp.npz", name -> bytes(""),
                (npz, name) -> {
                    if (reads.incrementAndGet() == 1) {
                        throw problem;
                    }
                    return "loaded";
                });

        assertThatThrownBy(pretrained::get)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot load the pretrained weights Mlp.npz")
                .cause().isSameAs(problem);
        assertThat(pretrained.get()).isEqualTo("loaded");
    }

    @Test
    void theResourceIsClosed() {
        AtomicInteger closed = new AtomicInteger();
        InputStream resource = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        Pretrained<Object> pretrained = new Pretrained<>(PretrainedTest.class, "Mlp.npz", name -> resource,
                (npz, name) -> "loaded");

        pretrained.get();

        assertThat(closed).hasValue(1);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
