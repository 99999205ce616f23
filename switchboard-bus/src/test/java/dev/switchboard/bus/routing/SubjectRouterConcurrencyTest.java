package dev.switchboard.bus.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Subscriptions changing while other threads match: no errors, no stale cached answers. */
class SubjectRouterConcurrencyTest {

    @Test
    void concurrentChangesAndMatches_endInTheExactExpectedState() throws Exception {
        SubjectRouter<String> router = new SubjectRouter<>(256);
        int writers = 4;
        int perWriter = 2_000;
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String[]> remaining = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            futures.add(
                    pool.submit(
                            () -> {
                                await(start);
                                Random random = new Random(id);
                                for (int i = 0; i < perWriter; i++) {
                                    String pattern = SubjectRouterTest.randomPattern(random);
                                    String target = id + "-" + i;
                                    router.add(pattern, null, target);
                                    // Whatever a match sees concurrently, one that starts after
                                    // add returned must see this subscription.
                                    String subject = concrete(pattern);
                                    if (!router.match(subject).targets().contains(target)) {
                                        errors.add(
                                                new AssertionError(
                                                        target + " missing for " + subject));
                                    }
                                    if (i % 2 == 0) {
                                        remaining.add(new String[] {pattern, target});
                                    } else {
                                        router.remove(pattern, null, target);
                                        if (router.match(subject).targets().contains(target)) {
                                            errors.add(
                                                    new AssertionError(
                                                            target
                                                                    + " still there for "
                                                                    + subject));
                                        }
                                    }
                                }
                                return null;
                            }));
        }
        for (int r = 0; r < 2; r++) {
            int id = r;
            futures.add(
                    pool.submit(
                            () -> {
                                await(start);
                                Random random = new Random(100 + id);
                                while (!done.get()) {
                                    router.match(SubjectRouterTest.randomSubject(random));
                                }
                                return null;
                            }));
        }
        start.countDown();
        for (int i = 0; i < writers; i++) {
            futures.get(i).get(60, TimeUnit.SECONDS);
        }
        done.set(true);
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(errors).isEmpty();
        assertThat(router.size()).isEqualTo(writers * perWriter / 2);

        // The final state matches the reference for every subject, twice (cold, then cached).
        Random random = new Random(7);
        for (int k = 0; k < 300; k++) {
            String subject = SubjectRouterTest.randomSubject(random);
            List<String> expected = new ArrayList<>();
            for (String[] sub : remaining) {
                if (ReferenceMatcher.matches(sub[0], subject)) {
                    expected.add(sub[1]);
                }
            }
            assertThat(router.match(subject).targets())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(router.match(subject).targets())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** A subject the pattern matches: wildcards replaced by concrete tokens. */
    private static String concrete(String pattern) {
        return pattern.replace("*", "x").replace(">", "y").replace("#", "z");
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
