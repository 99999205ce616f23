package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.message.Priority;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkStealingTest extends SchedulerTestSupport {

    @Test
    void jobsQueuedOnABlockedWorker_areStolenAndRunByAnIdleWorker() throws Exception {
        JobScheduler s = start(config(2));
        int children = 100;
        CountDownLatch childrenDone = new CountDownLatch(children);
        Set<String> childThreads = ConcurrentHashMap.newKeySet();
        // Jobs submitted from a worker go to that worker's own queues. This worker then blocks
        // until all of them have run, which only another worker can do: by stealing.
        CompletableFuture<String> parent =
                s.submit(
                        () -> {
                            for (int i = 0; i < children; i++) {
                                s.execute(
                                        () -> {
                                            childThreads.add(Thread.currentThread().getName());
                                            childrenDone.countDown();
                                        },
                                        Priority.NORMAL);
                            }
                            if (!childrenDone.await(10, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("children were not stolen");
                            }
                            return Thread.currentThread().getName();
                        },
                        Priority.NORMAL);
        String parentThread = parent.get(20, TimeUnit.SECONDS);
        assertThat(childThreads).hasSize(1).doesNotContain(parentThread);
        assertThat(childThreads.iterator().next()).startsWith("switchboard-shared-");
    }

    @Test
    void idleWorkers_parkInsteadOfSpinning_andWakeOnSubmit() throws Exception {
        JobScheduler s = start(config(2));
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        Gate gate = new Gate(2);
        for (int i = 0; i < 2; i++) {
            s.execute(
                    () -> {
                        workers.add(Thread.currentThread());
                        gate.job().run();
                    });
        }
        gate.awaitEntered();
        assertThat(workers).hasSize(2);
        gate.open();

        await().until(() -> workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));

        CompletableFuture<String> woke =
                s.submit(() -> Thread.currentThread().getName(), Priority.NORMAL);
        assertThat(woke.get(10, TimeUnit.SECONDS)).startsWith("switchboard-shared-");
        await().until(() -> workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    }

    @Test
    void aBurstFromOneSubmitter_isSpreadOverEveryWorker() throws Exception {
        JobScheduler s = start(config(2));
        // Each job waits until jobs are running on both workers at once.
        CountDownLatch bothBusy = new CountDownLatch(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CompletableFuture<?>[] futures = new CompletableFuture<?>[8];
        for (int i = 0; i < futures.length; i++) {
            futures[i] =
                    s.submit(
                            () -> {
                                if (threads.add(Thread.currentThread().getName())) {
                                    bothBusy.countDown();
                                }
                                return bothBusy.await(10, TimeUnit.SECONDS);
                            },
                            Priority.NORMAL);
        }
        CompletableFuture.allOf(futures).get(20, TimeUnit.SECONDS);
        assertThat(threads).hasSize(2);
        for (CompletableFuture<?> f : futures) {
            assertThat(f.join()).isEqualTo(true);
        }
    }

    @Test
    void workersThatKeepFeedingTheirOwnQueues_stillRunAJobFromAnotherThread() throws Exception {
        JobScheduler s = start(config(2));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong chainRuns = new AtomicLong();
        // Two endless chains: each job queues its successor from the worker, so the workers' own
        // queues never run empty. A job from this thread goes to a submission queue; a worker
        // that always served its own queues first would never reach it. (Should both chains land
        // on one worker, the other one takes the job and the test proves less, but never fails
        // wrongly.)
        for (int chain = 0; chain < 2; chain++) {
            s.execute(
                    new Runnable() {
                        @Override
                        public void run() {
                            chainRuns.incrementAndGet();
                            if (!stop.get()) {
                                s.execute(this, Priority.NORMAL);
                            }
                        }
                    },
                    Priority.NORMAL);
        }
        await().until(() -> chainRuns.get() > 10_000);
        try {
            CompletableFuture<String> outsider =
                    s.submit(() -> Thread.currentThread().getName(), Priority.NORMAL);
            assertThat(outsider.get(10, TimeUnit.SECONDS)).startsWith("switchboard-shared-");
            long before = chainRuns.get();
            await().until(() -> chainRuns.get() > before + 1_000);
        } finally {
            stop.set(true);
        }
    }
}
